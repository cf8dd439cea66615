// The README's main command, run as a user runs it: a real child process of the bin script.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { main } from '../../src/lab/cli.js';

const run = promisify(execFile);

test('raceless lab --json reports S01 exact for raceless and lossy for naive', async () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (s: string) => lines.push(s);
  let code: number;
  try {
    code = await main(['lab', '--json', '--only', 'S01', '--domain', 'async', '--scale', '0.01']);
  } finally {
    console.log = log;
  }
  assert.equal(code, 0);
  const { rows } = JSON.parse(lines.join('\n'));
  assert.equal(rows.length, 1);
  assert.equal(rows[0].raceless.observed, rows[0].expected);
  assert.ok(Number(rows[0].naive.observed) < Number(rows[0].expected));
});

test('bad usage exits 2', async () => {
  const err = console.error;
  console.error = () => {};
  try {
    assert.equal(await main(['nope']), 2);
    assert.equal(await main(['lab', '--scale', '0']), 2);
    assert.equal(await main(['lab', '--bogus']), 2);
  } finally {
    console.error = err;
  }
});

test('the bin script runs the built CLI', {
  skip: !existsSync('dist/lab/cli.js') && 'dist/ not built',
}, async () => {
  const { stdout } = await run(process.execPath, [
    'bin/raceless.js',
    'lab',
    '--only',
    'S01,S03',
    '--scale',
    '0.01',
    '--units',
    '2',
    '--no-progress',
  ]);
  assert.match(stdout, /S01\s*│\s*async\s*│.*lost.*│\s*exact/);
  assert.match(stdout, /S03\s*│\s*threads\s*│\s*5 admitted/);
});
