// `--only` keeps the named scenarios; `--domain` the named domains (in-process scenarios only
// in async); the processes domain is skipped, with a line saying so, without a Redis URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capture, TEST_SCALE } from './helpers.js';

const scale = String(TEST_SCALE);

test('--only S03,S15 --domain threads: two rows, both threads', async () => {
  const { code, out } = await capture([
    'lab',
    '--json',
    '--only',
    'S03,S15',
    '--domain',
    'threads',
    '--scale',
    scale,
    '--units',
    '2',
  ]);
  assert.equal(code, 0);
  const { rows } = JSON.parse(out);
  assert.deepEqual(
    rows.map((r: { scenario: string; domain: string }) => `${r.scenario}/${r.domain}`),
    ['S03/threads', 'S15/threads'],
  );
});

test('an in-process scenario has no threads row', async () => {
  const { code, out } = await capture([
    'lab',
    '--json',
    '--only',
    'S13',
    '--domain',
    'async,threads',
    '--scale',
    scale,
  ]);
  assert.equal(code, 0);
  assert.deepEqual(
    JSON.parse(out).rows.map((r: { domain: string }) => r.domain),
    ['async'],
  );
});

test('text output: the skipped-processes line and the table', async () => {
  const saved = process.env.REDIS_URL;
  delete process.env.REDIS_URL;
  try {
    const { code, out } = await capture([
      'lab',
      '--only',
      'S01',
      '--domain',
      'async',
      '--scale',
      scale,
      '--no-progress',
    ]);
    assert.equal(code, 0);
    assert.match(out, /S01\s*│\s*async\s*│/);
    assert.match(out, /% lost\)/);
    assert.match(out, /exact/);
    const dflt = await capture(['lab', '--only', 'S21', '--scale', scale, '--no-progress']);
    assert.equal(dflt.code, 0);
    assert.match(dflt.out, /processes domain skipped: no Redis given/);
    const markdown = await capture([
      'lab',
      '--only',
      'S20',
      '--domain',
      'async',
      '--markdown',
      '--scale',
      scale,
      '--no-progress',
    ]);
    assert.match(markdown.out, /^\| S20 \| async \| peak 100 · \d+ dropped \|/m);
  } finally {
    if (saved !== undefined) process.env.REDIS_URL = saved;
  }
});

test('bad usage exits 2', async () => {
  for (const argv of [
    ['lab', '--only', 'S99'],
    ['lab', '--domain', 'machines'],
    ['lab', '--scale', '0'],
    ['lab', '--scale', 'big'],
    ['lab', '--units', '0'],
    ['lab', '--json', '--markdown'],
    ['lab', '--domain', 'processes', '--redis', 'redis://127.0.0.1:1'],
    ['lab', '--bogus'],
    ['nope'],
    [],
  ]) {
    const { code, err } = await capture(argv);
    assert.equal(code, 2, argv.join(' '));
    assert.ok(err.length > 0, argv.join(' '));
  }
});
