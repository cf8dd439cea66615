// The preemption bound cuts the exhaustive search exactly where the formula says, and the report
// says whether anything lay beyond it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, s01Scenario } from '../../../src/lab/index.js';

test('naive S01, 2 actors × 2 increments: 2, 8, 26, 44, 62, 68, 70 schedules for bounds 0…6', async () => {
  // Two actors with n = 4 steps each. A schedule is b alternating blocks; every switch except
  // the last is a preemption (at the last one the switched-out actor has finished), so
  // preemptions = b − 2. Schedules with b blocks (starting with A or B):
  //   b = 2m:   2·C(n−1, m−1)²              b = 2m+1: 2·C(n−1, m)·C(n−1, m−1)
  //   b=2: 2  b=3: 6  b=4: 18  b=5: 18  b=6: 18  b=7: 6  b=8: 2   (total 70 = 8!/(4!·4!))
  // Cumulative by bound p = b − 2: 2, 8, 26, 44, 62, 68, 70.
  const scenario = s01Scenario({ variant: 'naive', actors: 2, increments: 2 });
  const expected = [2, 8, 26, 44, 62, 68, 70];
  for (let bound = 0; bound < expected.length; bound++) {
    const report = await explore(scenario, { preemptions: bound });
    assert.equal(report.schedules, expected[bound], `bound ${bound}`);
    assert.equal(report.preemptionBound, bound);
    assert.equal(report.complete, true);
    assert.equal(report.beyondBound, bound < 6, `bound ${bound}`);
    if (bound < 6) {
      assert.match(
        report.coverage,
        new RegExp(
          `^exhaustive: ${expected[bound]} of ${expected[bound]} schedules with at most ${bound} preemptions`,
        ),
      );
    }
  }
  // Bound 0 is serial only: never a lost update. Bound 1 already finds it.
  assert.equal((await explore(scenario, { preemptions: 0 })).forbiddenSchedules, 0);
  const one = await explore(scenario, { preemptions: 1 });
  assert.ok(one.forbiddenSchedules > 0);
  assert.equal(one.witness?.preemptions, 1);
});

test('a large bound costs nothing once every schedule is covered', async () => {
  const report = await explore(s01Scenario({ variant: 'naive', actors: 2, increments: 1 }), {
    preemptions: 50,
  });
  assert.equal(report.schedules, 6);
  assert.equal(report.beyondBound, false);
});

test('maxSchedules stops the search and the report says it is not a proof', async () => {
  const report = await explore(s01Scenario({ variant: 'naive', actors: 2, increments: 2 }), {
    preemptions: Number.POSITIVE_INFINITY,
    maxSchedules: 10,
  });
  assert.equal(report.schedules, 10);
  assert.equal(report.complete, false);
  assert.match(report.coverage, /^incomplete: stopped after 10 schedules .* not a proof$/);
});
