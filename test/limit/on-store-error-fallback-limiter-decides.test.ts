// onStoreError with a fallback RateLimiter: while Redis is unreachable the in-memory fallback
// decides — 100 concurrent consumes at fallback limit 3 admit exactly 3, flagged
// `degraded: 'fallback'`; consumeAll goes through the fallbacks when every limiter has one.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { StoreUnavailableError } from '../../src/errors.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { MemoryStore } from '../../src/store/memory.js';
import { unreachableNodeRedis } from './unreachable-redis.js';

const nr = await unreachableNodeRedis();
after(async () => {
  await nr.quit().catch(() => {}); // already closed: its connection was refused
});

test('a fallback limiter decides exactly while the store is down', async () => {
  const store = new RedisStore({ client: nr, prefix: 'raceless-test:unreachable:' });
  const local = new MemoryStore();
  const fallback = new RateLimiter('api-local', { store: local, limit: 3, windowMs: 60_000 });
  const api = new RateLimiter('api', {
    store,
    limit: 100,
    windowMs: 60_000,
    onStoreError: fallback,
  });
  const results = await Promise.all(Array.from({ length: 100 }, () => api.consume('ada')));
  assert.equal(results.filter((r) => r.allowed).length, 3);
  assert.ok(results.every((r) => r.degraded === 'fallback'));
  assert.ok(results.every((r) => r.storeError instanceof StoreUnavailableError));
  assert.equal(results[0]!.limit, 3); // the fallback's answer
  assert.equal((await api.peek('ada')).remaining, 0);
  assert.equal((await fallback.peek('ada')).remaining, 0);

  const routeLocal = new RateLimiter('route-local', { store: local, limit: 1, windowMs: 60_000 });
  const route = new RateLimiter('route', {
    store,
    limit: 100,
    windowMs: 60_000,
    onStoreError: routeLocal,
  });
  const first = await RateLimiter.consumeAll([
    { limiter: api, key: 'bob' },
    { limiter: route, key: '/x' },
  ]);
  assert.equal(first.allowed, true);
  assert.equal(first.degraded, 'fallback');
  const second = await RateLimiter.consumeAll([
    { limiter: api, key: 'bob' },
    { limiter: route, key: '/x' },
  ]);
  assert.equal(second.allowed, false); // route-local allows 1; neither was consumed
  assert.equal((await fallback.peek('bob')).remaining, 2);
});
