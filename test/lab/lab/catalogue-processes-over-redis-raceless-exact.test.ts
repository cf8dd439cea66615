// The store scenarios in the processes domain: 2 child processes on Redis (127.0.0.1:6379; CI
// and this machine run one), reduced scale. Skipped only when no Redis answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redisAnswers } from '../../../src/lab/domains/index.js';
import { runLab } from '../../../src/lab/runner.js';
import { TEST_SCALE } from './helpers.js';

const URL = 'redis://127.0.0.1:6379';
const available = await redisAnswers(URL);

test('store scenarios on child processes over Redis: raceless exact, naive fails', {
  skip: !available && 'no Redis on 127.0.0.1:6379',
}, async () => {
  const report = await runLab({
    scale: TEST_SCALE,
    domains: ['processes'],
    redisUrl: URL,
    units: 2,
  });
  assert.deepEqual(
    report.rows.map((r) => r.scenario),
    ['S01', 'S02', 'S03', 'S04', 'S05', 'S06', 'S15', 'S17', 'S18'],
  );
  for (const r of report.rows) {
    assert.equal(r.domain, 'processes');
    assert.equal(r.verdict, 'exact', `${r.scenario}: ${r.raceless.observed}`);
    assert.equal(r.naiveFailed, true, `${r.scenario}: naive saw ${r.naive.observed}`);
  }
});
