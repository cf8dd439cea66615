// Bad scenarios, options and configs are refused with typed errors naming the argument.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkThenActScenario,
  ExploreMutex,
  type ExploreScenario,
  ExploringStore,
  explore,
  s01Scenario,
} from '../../../src/lab/index.js';

const ok: ExploreScenario<null> = {
  name: 'ok',
  setup: () => null,
  actors: { A: async () => {} },
  outcome: () => 'done',
  forbidden: () => false,
};

function refuses(p: Promise<unknown>, argument: string, code = 'ERR_INVALID_ARGUMENT') {
  return assert.rejects(p, (e: unknown) => {
    assert.equal((e as { argument?: string }).argument, argument);
    assert.equal((e as { code?: string }).code, code);
    return true;
  });
}

test('scenario shape', async () => {
  await refuses(explore(null as never), 'scenario');
  await refuses(explore({ ...ok, name: '' }), 'scenario.name');
  await refuses(explore({ ...ok, setup: 1 } as never), 'scenario.setup');
  await refuses(explore({ ...ok, actors: {} }), 'scenario.actors');
  await refuses(explore({ ...ok, actors: { 'A B': async () => {} } }), 'scenario.actors');
  await refuses(explore({ ...ok, actors: { A: 1 } } as never), 'scenario.actors.A');
  await refuses(explore({ ...ok, outcome: () => 1 } as never), 'scenario.outcome');
  await refuses(explore({ ...ok, forbidden: () => 'no' } as never), 'scenario.forbidden');
});

test('options', async () => {
  await refuses(explore(ok, { mode: 'dfs' } as never), 'options.mode');
  await refuses(explore(ok, { preemptions: -1 }), 'options.preemptions', 'ERR_OUT_OF_RANGE');
  await refuses(explore(ok, { preemptions: 1.5 }), 'options.preemptions', 'ERR_OUT_OF_RANGE');
  await refuses(explore(ok, { runs: 0 }), 'options.runs', 'ERR_OUT_OF_RANGE');
  await refuses(explore(ok, { seed: 0.5 }), 'options.seed', 'ERR_OUT_OF_RANGE');
  await refuses(explore(ok, { maxSchedules: '10' } as never), 'options.maxSchedules');
  await refuses(explore(ok, { bogus: 1 } as never), 'options.bogus');
});

test('configs, labels and wrappers', () => {
  assert.throws(() => s01Scenario({ actors: 0 }), {
    code: 'ERR_OUT_OF_RANGE',
    argument: 'config.actors',
  });
  assert.throws(() => s01Scenario({ increments: 9 }), { argument: 'config.increments' });
  assert.throws(() => s01Scenario({ variant: 'x' as never }), { argument: 'config.variant' });
  assert.throws(() => checkThenActScenario({ variant: 'lock' as never }), {
    argument: 'config.variant',
  });
  assert.throws(() => new ExploreMutex({ name: 'a.b' }), { argument: 'options.name' });
  assert.throws(() => new ExploringStore({} as never), { argument: 'inner' });
});
