// A replay token is keyed by stable labels: when the code under the scenario changes, an old
// token fails with the step, the label it expected and what it found — it never silently runs
// some other schedule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ExploreScenario,
  ExploringStore,
  explore,
  ReplayMismatchError,
  replay,
  type S01State,
  s01Scenario,
} from '../../../src/lab/index.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { Table } from '../../../src/table/Table.js';

/** S01 after a "fix": the set became a compare-and-set loop. Same name, same actors. */
function s01WithCas(): ExploreScenario<S01State> {
  const base = s01Scenario({ variant: 'naive', actors: 2, increments: 1 });
  const actor = async ({ state }: { state: S01State }) => {
    for (;;) {
      const v = (await state.table.get('counter')) ?? 0;
      if (await state.table.compareAndSet('counter', v, v + 1)) return;
    }
  };
  return {
    ...base,
    async setup() {
      const table = new Table<number>('s01', { store: new ExploringStore(new MemoryStore()) });
      await table.set('counter', 0);
      return { table };
    },
    actors: { A: actor, B: actor },
  };
}

test('the naive witness token no longer matches once set became compareAndSet', async () => {
  const report = await explore(s01Scenario({ variant: 'naive', actors: 2, increments: 1 }));
  const token = report.witness!.token;
  assert.equal(token, 'A:get.B:get.B:set.A:set');
  await assert.rejects(replay(s01WithCas(), token), (e: unknown) => {
    assert.ok(e instanceof ReplayMismatchError);
    assert.equal(e.step, 3);
    assert.equal(e.expected, 'B:set');
    assert.equal(e.actual, 'B is at B:compareAndSet');
    assert.equal(e.argument, 'token');
    assert.match(e.message, /changed since the token was recorded/);
    return true;
  });
  // The fixed scenario is exact in every schedule (CAS retries included).
  const fixed = await explore(s01WithCas(), { preemptions: Number.POSITIVE_INFINITY });
  assert.equal(fixed.forbiddenSchedules, 0);
});

test('a token for another actor set, a too-short and a too-long token fail clearly', async () => {
  const s = s01Scenario({ variant: 'naive', actors: 2, increments: 1 });
  await assert.rejects(replay(s, 'A:get.C:get'), (e: unknown) => {
    assert.ok(e instanceof ReplayMismatchError);
    assert.equal(e.step, 2);
    assert.match(e.actual, /no actor C \(actors: A, B\)/);
    return true;
  });
  await assert.rejects(
    replay(s, 'A:get.A:set'),
    (e: unknown) =>
      e instanceof ReplayMismatchError && e.step === 3 && e.expected === 'the end of the schedule',
  );
  await assert.rejects(
    replay(s, 'A:get.A:set.A:get'),
    (e: unknown) =>
      e instanceof ReplayMismatchError &&
      e.step === 3 &&
      e.actual === 'A cannot run there (finished; runnable: B:get)',
  );
  await assert.rejects(
    replay(s, 'A:get.A:set.B:get.B:set.B:set'),
    (e: unknown) =>
      e instanceof ReplayMismatchError && e.step === 5 && e.actual === 'the schedule already ended',
  );
});

test('a malformed token is an InvalidArgumentError naming token', async () => {
  const s = s01Scenario();
  for (const bad of ['get.set', 'A:get..A:set', 'A:get B:get', 42]) {
    await assert.rejects(
      replay(s, bad as string),
      (e: unknown) => e instanceof TypeError && (e as { argument?: string }).argument === 'token',
    );
  }
});
