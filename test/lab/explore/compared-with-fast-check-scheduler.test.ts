// The same naive S01 under fast-check's fc.scheduler() and under the explorer.
//
// fast-check finds the lost update too: it samples schedules (one per run, from its seed) and
// shrinks a failing one. What the explorer adds:
// - a coverage claim: "exhaustive: 6 of 6 schedules" is a proof for this configuration; a
//   fast-check run that passes says only that the sampled runs passed (numRuns says how many
//   runs, not how many distinct schedules exist or were seen);
// - a minimal-preemption witness: bounds 0, 1, 2… are explored in order, so the first forbidden
//   schedule has the fewest context switches (one, here) — the smallest story to read;
// - stable-label replay: the token `A:get.B:get.B:set.A:set` names the schedule by what each
//   actor does; replay checks every label and fails clearly when the code changed, whereas
//   fast-check replays a (seed, path) pair whose meaning shifts silently when the number or
//   order of scheduled tasks changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { explore, replay, s01Scenario } from '../../../src/lab/index.js';
import type { Store } from '../../../src/store/contract.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { Table } from '../../../src/table/Table.js';

/** A store whose every call result is released by fast-check's scheduler. */
function scheduledStore(s: fc.Scheduler, inner: Store): Store {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function'
        ? s.scheduleFunction((...args: unknown[]) => v.apply(target, args))
        : v;
    },
  });
}

async function fastCheckS01(variant: 'naive' | 'raceless') {
  return fc.check(
    fc.asyncProperty(fc.scheduler(), async (s) => {
      const memory = new MemoryStore();
      await new Table<number>('s01', { store: memory }).set('counter', 0);
      const table = new Table<number>('s01', { store: scheduledStore(s, memory) });
      const actor = async () => {
        if (variant === 'naive') {
          const v = (await table.get('counter')) ?? 0;
          await table.set('counter', v + 1);
        } else {
          await table.updateCounter('counter', 1, { default: 0 });
        }
      };
      await s.waitFor(Promise.all([actor(), actor()]));
      return (await new Table<number>('s01', { store: memory }).get('counter')) === 2;
    }),
    { seed: 42, numRuns: 100 },
  );
}

test('both find the naive lost update; only the explorer states coverage and a 1-preemption witness', async () => {
  const fcNaive = await fastCheckS01('naive');
  assert.equal(fcNaive.failed, true);
  assert.ok(fcNaive.counterexample !== null);

  const scenario = s01Scenario({ variant: 'naive', actors: 2, increments: 1 });
  const ours = await explore(scenario, { preemptions: Number.POSITIVE_INFINITY });
  assert.equal(ours.coverage.startsWith('exhaustive: 6 of 6 schedules'), true);
  assert.equal(ours.witness?.preemptions, 1);
  assert.equal(ours.witness?.token, 'A:get.B:get.B:set.A:set');
  assert.equal((await replay(scenario, ours.witness.token)).outcome, 'counter=1');
});

test('raceless: fast-check passes its sampled runs; the explorer proves all schedules', async () => {
  const fcRaceless = await fastCheckS01('raceless');
  assert.equal(fcRaceless.failed, false);
  assert.equal(fcRaceless.numRuns, 100); // 100 runs — of how many distinct schedules, unsaid

  const ours = await explore(s01Scenario({ variant: 'raceless', actors: 2, increments: 1 }), {
    preemptions: Number.POSITIVE_INFINITY,
  });
  // Two actors with one atomic step each: exactly 2 schedules, both exact.
  assert.equal(ours.schedules, 2);
  assert.equal(ours.complete, true);
  assert.equal(ours.forbiddenSchedules, 0);
  assert.match(ours.coverage, /^exhaustive: 2 of 2 schedules/);
});
