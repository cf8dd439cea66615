// isolate() holds the breaker open (rejecting every call, no time limit) until reset(); the
// generation moves, so a call admitted before isolation cannot close it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gate, settle, setup } from './helpers.js';

test('isolated rejects everything for any time; reset closes; earlier calls are stale', async () => {
  const { clock, breaker } = setup();
  const before = gate();
  const old = breaker.execute(before.fn);
  await settle();
  await breaker.isolate();
  await assert.rejects(
    breaker.execute(async () => 1),
    { code: 'ERR_BREAKER_OPEN', state: 'isolated' },
  );
  clock.advance(365 * 24 * 3_600_000);
  before.resolve('late');
  assert.equal(await old, 'late');
  assert.equal(await breaker.state(), 'isolated');
  assert.equal((await breaker.stats()).staleOutcomes, 1);
  await breaker.reset();
  assert.equal(await breaker.execute(async () => 2), 2);
});
