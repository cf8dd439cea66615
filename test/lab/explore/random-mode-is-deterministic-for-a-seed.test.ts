// Random mode samples schedules with a seeded PRNG: one seed, one report. It never claims
// completeness.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, s01Scenario } from '../../../src/lab/index.js';

test('the same seed gives the same sample; another seed another one', async () => {
  const scenario = s01Scenario({ variant: 'naive', actors: 3, increments: 2 });
  const a = await explore(scenario, { mode: 'random', runs: 300, seed: 42 });
  const b = await explore(scenario, { mode: 'random', runs: 300, seed: 42 });
  const c = await explore(scenario, { mode: 'random', runs: 300, seed: 7 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(
    a.outcomes.map((r) => [r.outcome, r.count]),
    c.outcomes.map((r) => [r.outcome, r.count]),
  );
  assert.equal(a.schedules, 300);
  assert.equal(a.seed, 42);
  assert.equal(a.complete, false);
  assert.equal(a.preemptionBound, null);
  assert.match(
    a.coverage,
    /^sampled 300 schedules \(seed 42; \d+ distinct\) — a random sample, not a proof$/,
  );
  assert.ok(a.forbiddenSchedules > 0);
  // The witness is the sampled forbidden schedule with the fewest preemptions.
  assert.equal(a.witness?.preemptions, 1);
});
