// The core entry point (`raceless`) reaches only node: built-ins and its own files — never a
// package — so its users install nothing else. (The lab and CLI may use libraries.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1]!,
  );
}

test('every module reachable from src/index.ts imports only node: built-ins and relative files', () => {
  const seen = new Set<string>();
  const outside: string[] = [];
  const stack = [resolve('src/index.ts')];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of imports(file)) {
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) stack.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else outside.push(`${file.replace(`${process.cwd()}/`, '')} imports ${spec}`);
    }
  }
  assert.ok(seen.size > 20, `walked ${seen.size} files`);
  assert.deepEqual(outside, []);
});

test('package.json: no dependency is needed by the core; Redis clients are optional peers', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.equal(pkg.peerDependenciesMeta.ioredis.optional, true);
  assert.equal(pkg.peerDependenciesMeta.redis.optional, true);
  assert.equal(pkg.sideEffects, false);
});
