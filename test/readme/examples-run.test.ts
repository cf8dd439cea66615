// Every ```ts block of the README runs, against the source, and its `// value` comments hold:
// a line `console.log(x); // 100` must print 100.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const readme = readFileSync('README.md', 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const entry = resolve('src/index.ts');

test('the README has runnable examples', () => {
  assert.ok(blocks.length >= 3);
});

for (const [i, block] of blocks.entries()) {
  // A block may opt out when a named test runs the same code (e.g. it must spawn workers).
  if (block.startsWith('// Not run by the README test')) continue;
  const firstLine = block.split('\n').find((l) => l.trim() && !l.startsWith('import')) ?? '';
  test(`README example ${i + 1}: ${firstLine.trim().slice(0, 60)}`, async () => {
    const expected = [...block.matchAll(/console\.log\(.*\);\s*\/\/ (.+)$/gm)].map((m) =>
      m[1]!.trim(),
    );
    const source = block
      .replace(
        /from 'raceless\/(redis|workers|lab)'/g,
        (_m, sub: string) => `from ${JSON.stringify(resolve(`src/${sub}/index.ts`))}`,
      )
      .replace(/from 'raceless'/g, `from ${JSON.stringify(entry)}`);
    const dir = mkdtempSync(join(process.cwd(), 'node_modules', '.readme-'));
    try {
      const file = join(dir, 'example.mts');
      writeFileSync(file, source);
      const { stdout } = await run(process.execPath, ['--import', 'tsx', file]);
      assert.deepEqual(stdout.trim().split('\n').filter(Boolean), expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
