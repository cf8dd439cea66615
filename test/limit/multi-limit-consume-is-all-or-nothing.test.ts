// Atomic multi-limit consume: per-user AND per-route, per-second AND per-minute — every limit
// passes and every one is consumed, or none is. Scale: 10 users × 20 concurrent calls = 200.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { naiveConsumeAll } from '../naive/naiveMultiLimit.js';
import { count, setup } from './helpers.js';

function limiters(store: ReturnType<typeof setup>['store']) {
  return {
    // Per user: 3 per second and 5 per minute; per route: 12 per minute.
    perSecond: new RateLimiter('user/s', { store, algorithm: 'gcra', limit: 3, windowMs: 1_000 }),
    perMinute: new RateLimiter('user/min', { store, limit: 5, windowMs: 60_000 }),
    perRoute: new RateLimiter('route', {
      store,
      algorithm: 'fixed-window',
      limit: 12,
      windowMs: 60_000,
    }),
  };
}

const USERS = 10;
const CALLS = 20;

test('200 concurrent calls: admitted = route limit, and each limit consumed exactly by the admitted', async () => {
  const { store } = setup();
  const { perSecond, perMinute, perRoute } = limiters(store);
  const calls = Array.from({ length: USERS * CALLS }, (_, i) => `user-${i % USERS}`);
  const results = await Promise.all(
    calls.map((user) =>
      RateLimiter.consumeAll([
        { limiter: perSecond, key: user },
        { limiter: perMinute, key: user },
        { limiter: perRoute, key: '/search' },
      ]),
    ),
  );
  const admitted = results.filter((r) => r.allowed);
  // Each user can pass at most 3 (per second); the route caps the total at 12.
  assert.equal(admitted.length, 12);
  const perUser = new Map<string, number>();
  calls.forEach((u, i) => {
    if (results[i]!.allowed) perUser.set(u, (perUser.get(u) ?? 0) + 1);
  });
  for (const n of perUser.values()) assert.ok(n <= 3);
  // Nothing was consumed by a rejected call: each user's minute count equals its admissions,
  // and the route's count equals the total admitted.
  for (let u = 0; u < USERS; u++) {
    const user = `user-${u}`;
    assert.equal((await perMinute.peek(user)).remaining, 5 - (perUser.get(user) ?? 0));
  }
  assert.equal((await perRoute.peek('/search')).remaining, 0);
  assert.equal(
    count(results, (r) => !r.allowed && r.retryAfterMs > 0),
    USERS * CALLS - 12,
  );
});

test('a rejection by the last limit leaves the earlier ones unconsumed', async () => {
  const { clock, store } = setup();
  const { perSecond, perMinute } = limiters(store);
  // Exhaust the minute limit in steps of one second (the per-second limit allows 3 each).
  for (let i = 0; i < 5; i++) {
    const r = await RateLimiter.consumeAll([
      { limiter: perSecond, key: 'u' },
      { limiter: perMinute, key: 'u' },
    ]);
    assert.equal(r.allowed, true);
    clock.advance(1_000);
  }
  const before = (await perSecond.peek('u')).remaining;
  const rs = await Promise.all(
    Array.from({ length: 100 }, () =>
      RateLimiter.consumeAll([
        { limiter: perSecond, key: 'u' },
        { limiter: perMinute, key: 'u' },
      ]),
    ),
  );
  assert.equal(
    count(rs, (r) => r.allowed),
    0,
  );
  assert.equal((await perSecond.peek('u')).remaining, before);
  assert.equal(before, 3);
});

test('the naive loop over limiters lets rejected calls consume other limits (same scale)', async () => {
  const { store } = setup();
  const { perSecond, perMinute, perRoute } = limiters(store);
  const calls = Array.from({ length: USERS * CALLS }, (_, i) => `user-${i % USERS}`);
  const ok = await Promise.all(
    calls.map((user) =>
      naiveConsumeAll([
        { limiter: perSecond, key: user },
        { limiter: perMinute, key: user },
        { limiter: perRoute, key: '/search' },
      ]),
    ),
  );
  const admitted = count(ok, (a) => a);
  // 30 calls pass both per-user limits (3 per user) and consume them; the route then rejects 18
  // of them, whose per-user quota stays consumed.
  const userConsumed = await Promise.all(
    Array.from(
      { length: USERS },
      async (_, u) => 5 - (await perMinute.peek(`user-${u}`)).remaining,
    ),
  );
  const routeConsumed = 12 - (await perRoute.peek('/search')).remaining;
  assert.equal(admitted, 12);
  assert.equal(routeConsumed, 12);
  assert.equal(
    userConsumed.reduce((a, b) => a + b, 0),
    30,
  ); // ours: exactly the 12 admitted
});
