// `raceless lab --json`: the report's shape, one row per scenario × domain.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capture, TEST_SCALE } from './helpers.js';

test('--json prints the report: scale, domains, skipped, rows with naive and raceless observations', async () => {
  const { code, out } = await capture([
    'lab',
    '--json',
    '--only',
    'S01,s03,S09',
    '--domain',
    'async',
    '--scale',
    String(TEST_SCALE),
  ]);
  assert.equal(code, 0);
  const report = JSON.parse(out);
  assert.equal(report.scale, TEST_SCALE);
  assert.deepEqual(report.domains, ['async']);
  assert.equal(report.ok, true);
  assert.ok(Array.isArray(report.skipped));
  assert.deepEqual(
    report.rows.map((r: { scenario: string; domain: string }) => [r.scenario, r.domain]),
    [
      ['S01', 'async'],
      ['S03', 'async'],
      ['S09', 'async'],
    ],
  );
  for (const r of report.rows) {
    assert.equal(typeof r.title, 'string');
    assert.equal(typeof r.expected, 'string');
    assert.equal(r.verdict, 'exact');
    assert.equal(r.raceless.exact, true);
    assert.equal(r.raceless.observed, r.expected);
    assert.equal(typeof r.naive.observed, 'string');
    assert.equal(typeof r.naiveFailed, 'boolean');
    assert.equal(typeof r.ms, 'number');
  }
  const s01 = report.rows[0];
  assert.ok(s01.naive.lossPct > 0, `naive S01 loss ${s01.naive.lossPct}`);
  assert.equal(s01.raceless.lossPct, 0);
  assert.match(report.rows[1].expected, /^5 admitted$/);
});
