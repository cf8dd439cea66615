// Check-then-act (double booking): the naive get-then-set confirms two actors in some schedules;
// the same code inside ExploreMutex.runExclusive, and one insertNew, never do — in any schedule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkThenActScenario, explore, replay } from '../../../src/lab/index.js';

const ALL = { preemptions: Number.POSITIVE_INFINITY };

test('naive check-then-act double-books in 4 of its 6 schedules', async () => {
  // Each actor: get (sees the seat free or not), then set only if free. Two actors: the 6
  // interleavings of get/set pairs, minus the 2 serial ones in which the second actor sees the
  // seat taken and stops after its get — those are 3-step schedules, counted once each:
  // AABB→AAB, BBAA→BBA; the 4 overlapping ones (ABAB, ABBA, BAAB, BABA) confirm both.
  const scenario = checkThenActScenario({ variant: 'naive', actors: 2 });
  const report = await explore(scenario, ALL);
  assert.equal(report.schedules, 6);
  assert.equal(report.forbiddenSchedules, 4);
  assert.equal(report.witness?.preemptions, 1);
  assert.equal(report.witness?.token, 'A:get.B:get.B:set.A:set');
  const again = await replay(scenario, report.witness!.token);
  assert.equal(again.outcome, 'seat=A confirmed=B,A');
  assert.equal(again.forbidden, true);
});

test('Mutex.runExclusive: lock acquire, grant and release are points, and no schedule double-books', async () => {
  const report = await explore(checkThenActScenario({ variant: 'mutex', actors: 3 }), ALL);
  assert.equal(report.complete, true);
  assert.equal(report.forbiddenSchedules, 0);
  assert.deepEqual(
    report.outcomes.map((r) => r.count),
    [report.schedules / 3, report.schedules / 3, report.schedules / 3],
  );
  // A queued actor is resumed at its grant: the labels show the lock protocol.
  const labels = new Set(report.outcomes.flatMap((r) => r.example.split('.')));
  for (const l of ['A:acquire', 'A:get', 'A:set', 'A:release']) assert.ok(labels.has(l), l);
});

test('Mutex, 2 actors: exactly 8 schedules — the loser queues at one of 4 moments', async () => {
  // Say A acquires first (A:acquire takes the free lock); A then runs get, set, release. B's
  // acquire can come before A:get, before A:set, before A:release (B queues, and resumes at
  // B:acquired once A releases) or after A:release (the lock is free). 4 moments × 2 winners.
  const scenario = checkThenActScenario({ variant: 'mutex', actors: 2 });
  const report = await explore(scenario, ALL);
  assert.equal(report.schedules, 8);
  assert.equal(report.forbiddenSchedules, 0);
  const queued = await replay(
    scenario,
    'A:acquire.B:acquire.A:get.A:set.A:release.B:acquired.B:get.B:release',
  );
  assert.equal(queued.outcome, 'seat=A confirmed=A');
  assert.deepEqual(
    queued.steps.map((s) => s.notes.join(';')),
    ['', '', 'seat → undefined', 'seat="A"', '', '', 'seat → "A"', ''],
  );
});

test('insertNew: one atomic step per actor, 3! = 6 schedules for 3 actors, none double-books', async () => {
  const report = await explore(checkThenActScenario({ variant: 'insertNew', actors: 3 }), ALL);
  assert.equal(report.schedules, 6);
  assert.equal(report.forbiddenSchedules, 0);
});
