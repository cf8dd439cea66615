// Rule: a synchronous throw inside the shared function rejects every joined caller and leaves no
// stuck key. Scale: a leader whose fn joins itself re-entrantly and then throws; 1 later caller.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SingleFlight } from '../../../src/sync/SingleFlight.js';
import { naiveRun, resetNaiveInflight } from '../../naive/naiveSingleFlight.js';
import { stateOf } from '../helpers.js';

test('every joined caller rejects and the key is free again', async () => {
  const flights = new SingleFlight<string, string>();
  let joined: Promise<unknown> | undefined;
  const leader = flights.run('k', () => {
    joined = flights.run('k', () => 'never runs');
    throw new Error('sync boom');
  });
  assert.ok(joined);
  await assert.rejects(leader, /sync boom/);
  await assert.rejects(joined, /sync boom/);
  assert.equal(flights.has('k'), false);
  assert.deepEqual(await flights.run('k', () => 'ok'), { value: 'ok', shared: false });
});

test('naive: the sync throw escapes before cleanup and the key is stuck forever', async () => {
  resetNaiveInflight();
  assert.throws(() =>
    naiveRun('k', () => {
      throw new Error('sync boom');
    }),
  );
  const next = naiveRun('k', async () => 'ok');
  assert.equal(await stateOf(next), 'pending');
  resetNaiveInflight();
});
