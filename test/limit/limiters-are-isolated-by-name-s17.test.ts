// S17: limiter instances are isolated by name. Closing one touches no counts; resetting one
// (all its keys) leaves every other limiter's counts as they were.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClosedError } from '../../src/errors.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { NaiveSharedTableLimiter } from '../naive/naiveRateLimiter.js';
import { count, setup } from './helpers.js';

async function burst(l: { consume(k: string): Promise<unknown> }, n: number) {
  const rs = await Promise.all(Array.from({ length: n }, () => l.consume('user-1')));
  return count(rs, (r) => (typeof r === 'boolean' ? r : (r as { allowed: boolean }).allowed));
}

test('closing or resetting one limiter leaves another limiter on the same store untouched', async () => {
  const { store } = setup();
  const common = { store, algorithm: 'fixed-window' as const, limit: 5, windowMs: 60_000 };
  const auth = new RateLimiter('auth', common);
  const api = new RateLimiter('api', common);
  assert.equal(await burst(auth, 100), 5);
  assert.equal(await burst(api, 3), 3);

  auth.close();
  await assert.rejects(auth.consume('user-1'), ClosedError);
  assert.equal((await api.peek('user-1')).remaining, 2);

  // Another instance of 'auth' on the store still sees auth's counts: close touched nothing.
  const auth2 = new RateLimiter('auth', common);
  assert.equal((await auth2.peek('user-1')).remaining, 0);
  assert.equal(await burst(auth2, 100), 0);

  assert.equal(await auth2.resetAll(), 1);
  assert.equal((await auth2.peek('user-1')).remaining, 5);
  assert.equal((await api.peek('user-1')).remaining, 2);
  assert.equal(await burst(api, 100), 2); // limit 5 → exactly 5 in total, never 10
});

test('the naive shared table: stopping one instance resets everyone (limit 5 allowed 10)', async () => {
  const a = new NaiveSharedTableLimiter('auth', 5);
  const b = new NaiveSharedTableLimiter('api', 5);
  assert.equal(await burst(a, 100), 5);
  // 'api' shares auth's counts: it is already exhausted by another limiter's traffic.
  assert.equal(await burst(b, 1), 0);
  b.stop();
  // auth's window was wiped by api's stop: 10 admitted within one window at limit 5.
  assert.equal(await burst(a, 100), 5);
  a.stop();
});
