// Every schedule replays from scratch, so the same choices must reach the same points. A
// scenario that keeps state outside setup() breaks that, and the explorer says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ExploreScenario,
  explore,
  NondeterministicScenarioError,
  yieldPoint,
} from '../../../src/lab/index.js';

test('state leaking across schedules is reported as NondeterministicScenarioError', async () => {
  let runs = 0; // outside setup(): survives from one schedule to the next
  const leaky: ExploreScenario<null> = {
    name: 'leaky',
    setup: () => {
      runs++;
      return null;
    },
    actors: {
      A: async () => {
        await yieldPoint(runs > 1 ? 'second' : 'first');
        await yieldPoint('then');
      },
      B: async () => {
        await yieldPoint('only');
      },
    },
    outcome: () => 'done',
    forbidden: () => false,
  };
  await assert.rejects(explore(leaky), (e: unknown) => {
    assert.ok(e instanceof NondeterministicScenarioError);
    assert.equal(e.argument, 'scenario');
    assert.match(e.message, /runnable points were A:first, B:only and are now A:second, B:only/);
    return true;
  });
});
