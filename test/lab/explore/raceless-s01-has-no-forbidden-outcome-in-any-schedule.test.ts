// updateCounter is one atomic step: every schedule of every actor ends exact. The same
// configuration of the naive pattern loses updates (asserted alongside, so the explorer is known
// to be able to see the bug at this scale).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, formatReport, s01Scenario } from '../../../src/lab/index.js';

test('3 actors × 2 increments: all 90 schedules end at counter=6', async () => {
  // One point per increment: 3 actors × 2 points → 6!/(2!·2!·2!) = 90 schedules.
  const report = await explore(s01Scenario({ variant: 'raceless', actors: 3, increments: 2 }), {
    preemptions: Number.POSITIVE_INFINITY,
  });
  assert.equal(report.schedules, 90);
  assert.equal(report.complete, true);
  assert.equal(report.forbiddenSchedules, 0);
  assert.equal(report.witness, null);
  assert.deepEqual(
    report.outcomes.map((r) => [r.outcome, r.count, r.verdict]),
    [['counter=6', 90, 'ACCEPTABLE']],
  );
  assert.match(formatReport(report), /no forbidden outcome in 90 schedules/);

  const naive = await explore(s01Scenario({ variant: 'naive', actors: 3, increments: 2 }), {
    preemptions: 1,
  });
  assert.ok(naive.forbiddenSchedules > 0);
});

test('3 actors × 3 increments: exhaustive, 1,680 of 1,680 schedules, all exact', async () => {
  // 9!/(3!·3!·3!) = 1,680 interleavings of three sequences of three atomic steps.
  const report = await explore(s01Scenario({ variant: 'raceless', actors: 3, increments: 3 }), {
    preemptions: Number.POSITIVE_INFINITY,
  });
  assert.equal(report.schedules, 1_680);
  assert.equal(report.forbiddenSchedules, 0);
  assert.match(report.coverage, /^exhaustive: 1,680 of 1,680 schedules \(no preemption bound;/);
});
