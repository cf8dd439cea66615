// The whole catalogue S01–S21 at reduced scale (0.05) on the embedded default domains: async
// (every scenario) and threads (the store scenarios, 2 worker threads on one WorkersStore).
// Raceless must be exact in every row; for the store scenarios the naive pattern must fail (at
// this scale every one of them still loses, double-admits or tears in every run).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLab } from '../../../src/lab/runner.js';
import { catalogue } from '../../../src/lab/scenarios/index.js';
import { TEST_SCALE } from './helpers.js';

const STORE = ['S01', 'S02', 'S03', 'S04', 'S05', 'S06', 'S15', 'S17', 'S18'];

test('catalogue S01–S21: raceless exact in every row of async and threads; naive store rows fail', async () => {
  assert.deepEqual(
    catalogue.map((s) => s.id),
    Array.from({ length: 21 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`),
  );
  assert.deepEqual(
    catalogue.filter((s) => s.kind === 'store').map((s) => s.id),
    STORE,
  );
  const report = await runLab({ scale: TEST_SCALE, domains: ['async', 'threads'], units: 2 });
  const rows = report.rows.map((r) => `${r.scenario}/${r.domain}`);
  assert.deepEqual(rows, [
    ...catalogue.flatMap((s) =>
      s.kind === 'store' ? [`${s.id}/async`, `${s.id}/threads`] : [`${s.id}/async`],
    ),
  ]);
  for (const r of report.rows) {
    assert.equal(r.verdict, 'exact', `${r.scenario} ${r.domain}: ${r.raceless.observed}`);
    assert.equal(r.raceless.observed, r.expected, `${r.scenario} ${r.domain}`);
  }
  for (const r of report.rows.filter((x) => STORE.includes(x.scenario))) {
    assert.equal(r.naiveFailed, true, `${r.scenario} ${r.domain}: naive saw ${r.naive.observed}`);
  }
  assert.equal(report.ok, true);
});
