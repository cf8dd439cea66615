// Each re-open without closing doubles the open period, up to maxOpenMs; closing resets it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boom, setup, trip } from './helpers.js';

test('open periods 1 s, 2 s, 4 s, 4 s (cap), then back to 1 s after a close', async () => {
  const { clock, breaker } = setup({ consecutiveFailures: 1, openMs: 1_000, maxOpenMs: 4_000 });
  await trip(breaker, 1);
  const periods: number[] = [];
  for (let i = 0; i < 4; i++) {
    const { retryAfterMs } = await breaker.stats();
    periods.push(retryAfterMs);
    clock.advance(retryAfterMs - 1);
    assert.equal(await breaker.state(), 'open');
    clock.advance(1);
    assert.equal(await breaker.state(), 'half-open');
    await breaker.execute(boom).catch(() => {}); // the trial fails: re-open
  }
  assert.deepEqual(periods, [1_000, 2_000, 4_000, 4_000]);
  clock.advance(4_000);
  await breaker.execute(async () => 'ok'); // the trial succeeds: closed
  await trip(breaker, 1);
  assert.equal((await breaker.stats()).retryAfterMs, 1_000);
});
