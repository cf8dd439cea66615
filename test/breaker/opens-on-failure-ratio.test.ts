// Failure-ratio policy: opens when failures / calls in the sliding window reach the ratio, only
// once the window holds the minimum volume; calls that left the window no longer count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boom, setup } from './helpers.js';

const opts = { failureRatio: 0.5, ratioWindowMs: 10_000, minimumCalls: 10 };
const ok = async () => 'ok';

test('below the minimum volume nothing opens, even at 100% failures', async () => {
  const { breaker } = setup(opts);
  for (let i = 0; i < 9; i++) await breaker.execute(boom).catch(() => {});
  assert.equal(await breaker.state(), 'closed');
  await breaker.execute(boom).catch(() => {});
  assert.equal(await breaker.state(), 'open'); // 10 calls, 10 failures
});

test('opens exactly when the ratio is reached: 5 successes then the 5th failure', async () => {
  const { breaker } = setup(opts);
  for (let i = 0; i < 5; i++) await breaker.execute(ok);
  for (let i = 0; i < 4; i++) await breaker.execute(boom).catch(() => {});
  assert.equal(await breaker.state(), 'closed'); // 4 / 9, below volume anyway
  await breaker.execute(boom).catch(() => {});
  const s = await breaker.stats();
  assert.deepEqual([s.state, s.windowCalls, s.windowFailures], ['open', 10, 5]);
});

test('calls older than the window stop counting', async () => {
  const { clock, breaker } = setup(opts);
  for (let i = 0; i < 9; i++) await breaker.execute(boom).catch(() => {});
  clock.advance(10_000);
  for (let i = 0; i < 9; i++) await breaker.execute(ok);
  await breaker.execute(boom).catch(() => {});
  const s = await breaker.stats();
  assert.deepEqual([s.state, s.windowCalls, s.windowFailures], ['closed', 10, 1]);
});
