// The explorer finds S01's lost update in every schedule where it exists, says exactly how many
// schedules it ran, and its witness token replays the same forbidden outcome.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, formatReport, replay, s01Scenario } from '../../../src/lab/index.js';

test('2 actors × 1 increment: all 6 schedules, 4 lose an update, witness replays', async () => {
  // Naive S01: each actor has 2 points (get, set). Every interleaving of two sequences of 2
  // steps: C(4, 2) = 4!/(2!·2!) = 6. The counter ends at 2 only when one actor's get+set runs
  // before the other's get (AABB, BBAA): 2 schedules. The other 4 interleave the gets: counter=1.
  const scenario = s01Scenario({ variant: 'naive', actors: 2, increments: 1 });
  const report = await explore(scenario, { preemptions: 2 });
  assert.equal(report.mode, 'exhaustive');
  assert.equal(report.schedules, 6);
  assert.equal(report.distinct, 6);
  assert.equal(report.complete, true);
  assert.equal(report.beyondBound, false);
  assert.match(report.coverage, /^exhaustive: 6 of 6 schedules \(preemption bound 2;/);
  assert.deepEqual(
    report.outcomes.map((r) => [r.outcome, r.count, r.verdict]),
    [
      ['counter=1', 4, 'FORBIDDEN'],
      ['counter=2', 2, 'ACCEPTABLE'],
    ],
  );
  assert.equal(report.forbiddenSchedules, 4);

  // The witness has the fewest preemptions a lost update needs: one (A is switched out after
  // its get while it could still run).
  const w = report.witness!;
  assert.equal(w.outcome, 'counter=1');
  assert.equal(w.preemptions, 1);
  assert.equal(w.token, 'A:get.B:get.B:set.A:set');
  assert.deepEqual(
    w.steps.map((s) => `${s.label} ${s.notes.join(';')}`),
    ['A:get counter → 0', 'B:get counter → 0', 'B:set counter=1', 'A:set counter=1'],
  );
  const text = formatReport(report);
  assert.match(text, /counter=1\s+4\s+66\.67%\s+FORBIDDEN/);
  assert.match(text, /replay token: A:get\.B:get\.B:set\.A:set/);

  const again = await replay(scenario, w.token);
  assert.equal(again.outcome, 'counter=1');
  assert.equal(again.forbidden, true);
  assert.equal(again.token, w.token);
  assert.deepEqual(again.steps, w.steps);
});

test('3 actors × 1 increment: 90 schedules; 2 actors × 2 increments: 70', async () => {
  // 3 actors × 2 points: 6!/(2!·2!·2!) = 90. Exact (counter=3) only when the three get+set
  // pairs do not overlap: 3! = 6 orders of the pairs.
  const three = await explore(s01Scenario({ variant: 'naive', actors: 3, increments: 1 }), {
    preemptions: Number.POSITIVE_INFINITY,
  });
  assert.equal(three.schedules, 90);
  assert.equal(three.outcomes.find((r) => r.outcome === 'counter=3')?.count, 6);
  assert.equal(three.forbiddenSchedules, 84);
  assert.equal(three.witness?.preemptions, 1);
  const w = three.witness!;
  const again = await replay(s01Scenario({ variant: 'naive', actors: 3, increments: 1 }), w.token);
  assert.equal(again.outcome, w.outcome);

  // 2 actors × 4 points: 8!/(4!·4!) = 70. Exact (counter=4) only when the 4 get+set pairs
  // (2 of A, 2 of B) do not overlap: C(4, 2) = 6.
  const two = await explore(s01Scenario({ variant: 'naive', actors: 2, increments: 2 }), {
    preemptions: Number.POSITIVE_INFINITY,
  });
  assert.equal(two.schedules, 70);
  assert.equal(two.outcomes.find((r) => r.outcome === 'counter=4')?.count, 6);
  assert.equal(two.preemptionBound, null);
  assert.match(two.coverage, /^exhaustive: 70 of 70 schedules \(no preemption bound;/);
});
