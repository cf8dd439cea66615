// Every public export carries a doc comment; every exported class, function and constant also
// has an @example (STYLE.md: guarantee, what it throws, one example).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ts from 'typescript';

const ENTRY_POINTS = [
  'src/index.ts',
  'src/lab/index.ts',
  'src/redis/index.ts',
  'src/workers/index.ts',
];

function problems(entry: string): string[] {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  assert.ok(source, entry);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) return []; // `export {}`: nothing exported yet
  const out: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (decl === undefined) continue;
    const where = `${exported.name} (${decl.getSourceFile().fileName.replace(`${process.cwd()}/`, '')})`;
    const docs = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    if (docs === '') out.push(`${where}: no doc comment`);
    const needsExample =
      symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Function | ts.SymbolFlags.Variable);
    if (needsExample && !symbol.getJsDocTags(checker).some((t) => t.name === 'example')) {
      out.push(`${where}: no @example`);
    }
  }
  return out;
}

for (const entry of ENTRY_POINTS) {
  test(`every export of ${entry} is documented`, () => {
    assert.deepEqual(problems(entry), []);
  });
}
