// An await the explorer does not control stops the exploration with an error naming the actor
// and its last label — never a silently smaller exploration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ExploreScenario,
  ExploringStore,
  explore,
  replay,
  ScheduleProtocolError,
  UncontrolledAwaitError,
} from '../../../src/lab/index.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { Mutex } from '../../../src/sync/Mutex.js';
import { Table } from '../../../src/table/Table.js';

interface State {
  readonly table: Table<number>;
  readonly raw: Mutex;
}

function scenario(actors: ExploreScenario<State>['actors']): ExploreScenario<State> {
  return {
    name: 'escape',
    setup: () => ({
      table: new Table<number>('t', { store: new ExploringStore(new MemoryStore()) }),
      raw: new Mutex(),
    }),
    actors,
    outcome: async ({ table }) => `k=${await table.get('k')}`,
    forbidden: () => false,
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test('a setTimeout inside an actor fails with UncontrolledAwaitError naming actor and label', async () => {
  const s = scenario({
    A: async ({ state }) => {
      const v = (await state.table.get('k')) ?? 0;
      await sleep(0); // uncontrolled: the explorer cannot order it
      await state.table.set('k', v + 1);
    },
    B: async ({ state }) => {
      await state.table.set('k', 5);
    },
  });
  await assert.rejects(explore(s), (e: unknown) => {
    assert.ok(e instanceof UncontrolledAwaitError);
    assert.equal(e.actor, 'A');
    assert.equal(e.label, 'A:get');
    assert.equal(e.code, 'ERR_INVALID_ARGUMENT');
    assert.match(
      e.message,
      /actor A neither reached a scheduling point nor finished after step A:get/,
    );
    return true;
  });
  // replay goes through the same runtime.
  await assert.rejects(replay(s, 'A:get.A:set'), UncontrolledAwaitError);
});

test('setImmediate, a timer before the first point, and an unwrapped lock fail the same way', async () => {
  await assert.rejects(
    explore(scenario({ A: async () => void (await new Promise((r) => setImmediate(r))) })),
    (e: unknown) => e instanceof UncontrolledAwaitError && e.label === 'A:start',
  );
  await assert.rejects(
    explore(scenario({ A: async () => sleep(5) })),
    (e: unknown) => e instanceof UncontrolledAwaitError && e.actor === 'A',
  );
  // A raw Mutex held across a point: B queues on it and its grant would come from outside.
  const rawLock = scenario({
    A: ({ state }) => state.raw.runExclusive(() => state.table.set('k', 1)),
    B: ({ state }) => state.raw.runExclusive(() => state.table.set('k', 2)),
  });
  await assert.rejects(
    explore(rawLock),
    (e: unknown) => e instanceof UncontrolledAwaitError && e.actor === 'B' && e.label === 'B:start',
  );
});

test('an explored operation that is not awaited breaks the protocol loudly', async () => {
  await assert.rejects(
    explore(
      scenario({
        A: async ({ state }) => {
          void state.table.set('k', 1);
          await state.table.get('k');
        },
      }),
    ),
    (e: unknown) =>
      e instanceof ScheduleProtocolError &&
      /already waited at A:set — .* not awaited/.test(e.message),
  );
  await assert.rejects(
    explore(scenario({ A: async ({ state }) => void state.table.set('k', 1) })),
    (e: unknown) => e instanceof ScheduleProtocolError && /finished while .* A:set/.test(e.message),
  );
});
