// Two ExploreMutexes taken in opposite orders deadlock in some schedules: the explorer reports
// `deadlock: …` as an outcome (the scenario decides it is forbidden) with a replayable witness.
// ExploreKeyedMutex.runExclusiveMany takes keys in canonical order: no schedule deadlocks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ExploreKeyedMutex,
  ExploreMutex,
  type ExploreScenario,
  explore,
  formatReport,
  replay,
} from '../../../src/lab/index.js';

interface State {
  readonly a: ExploreMutex;
  readonly b: ExploreMutex;
  readonly keyed: ExploreKeyedMutex<string>;
  readonly done: string[];
}

function transfer(keyed: boolean): ExploreScenario<State> {
  const body =
    (first: 'a' | 'b', second: 'a' | 'b') =>
    async ({ actor, state }: { actor: string; state: State }) => {
      if (keyed) {
        await state.keyed.runExclusiveMany([first, second], () => void state.done.push(actor));
      } else {
        await state[first].runExclusive(() =>
          state[second].runExclusive(() => void state.done.push(actor)),
        );
      }
    };
  return {
    name: keyed ? 'transfer-keyed' : 'transfer-two-mutexes',
    setup: () => ({
      a: new ExploreMutex({ name: 'a' }),
      b: new ExploreMutex({ name: 'b' }),
      keyed: new ExploreKeyedMutex<string>(),
      done: [],
    }),
    actors: { A: body('a', 'b'), B: body('b', 'a') },
    outcome: ({ done }) => `done=${done.join(',')}`,
    forbidden: (outcome) => outcome.startsWith('deadlock'),
  };
}

test('opposite lock order deadlocks; the witness replays into the same deadlock', async () => {
  const scenario = transfer(false);
  const report = await explore(scenario, { preemptions: Number.POSITIVE_INFINITY });
  const w = report.witness!;
  assert.match(
    w.outcome,
    /^deadlock: A blocked after A:acquire\(b\), B blocked after B:acquire\(a\)$/,
  );
  assert.equal(w.preemptions, 1);
  assert.equal(w.token, 'A:acquire(a).B:acquire(b).B:acquire(a).A:acquire(b)');
  assert.equal((await replay(scenario, w.token)).outcome, w.outcome);
  assert.match(formatReport(report), /FORBIDDEN/);
});

test('canonical-order acquireMany never deadlocks', async () => {
  const report = await explore(transfer(true), { preemptions: Number.POSITIVE_INFINITY });
  assert.equal(report.forbiddenSchedules, 0);
  assert.equal(report.complete, true);
  assert.deepEqual(report.outcomes.map((r) => r.outcome).sort(), ['done=A,B', 'done=B,A']);
});
