// onStoreError 'fail-closed' is the default: with Redis unreachable (ioredis and node-redis on
// a closed loopback port, failing fast) consume, peek and consumeAll answer a rejection flagged
// `degraded: 'fail-closed'` with the StoreUnavailableError in `storeError`; refund, block,
// reset and resetAll throw it. Errors that are not about the store are thrown as always.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { StoreUnavailableError } from '../../src/errors.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { unreachableIoredis, unreachableNodeRedis } from './unreachable-redis.js';

const io = unreachableIoredis();
const nr = await unreachableNodeRedis();
after(() => {
  io.disconnect();
});

for (const [label, client] of [
  ['ioredis', io],
  ['node-redis', nr],
] as const) {
  test(`${label}: an unreachable store rejects consume, peek and consumeAll, flagged`, async () => {
    const store = new RedisStore({ client, prefix: 'raceless-test:unreachable:' });
    const limiter = new RateLimiter('login', { store, limit: 5, windowMs: 60_000 });
    const perRoute = new RateLimiter('route', { store, limit: 5, windowMs: 60_000 });
    for (const r of [await limiter.consume('ada'), await limiter.peek('ada')]) {
      assert.equal(r.allowed, false);
      assert.equal(r.degraded, 'fail-closed');
      assert.ok(r.storeError instanceof StoreUnavailableError);
      assert.equal(r.retryAfterMs, 1_000);
      assert.equal(r.limit, 5);
    }
    const all = await RateLimiter.consumeAll([
      { limiter, key: 'ada' },
      { limiter: perRoute, key: '/login' },
    ]);
    assert.equal(all.allowed, false);
    assert.equal(all.degraded, 'fail-closed');
    assert.equal(all.results.length, 2);
    for (const admin of [
      () => limiter.refund('ada'),
      () => limiter.block('ada', 1_000),
      () => limiter.reset('ada'),
      () => limiter.resetAll(),
    ]) {
      await assert.rejects(admin(), StoreUnavailableError);
    }
    // Not a store error: thrown as always.
    await assert.rejects(limiter.consume('ada', { cost: 6 }), RangeError);
  });
}

test('onStoreError is validated', () => {
  assert.throws(
    () => new RateLimiter('x', { limit: 1, windowMs: 1, onStoreError: 'open' as never }),
    (e: Error & { argument?: string }) =>
      e instanceof TypeError && e.argument === 'options.onStoreError',
  );
  assert.throws(
    () => new RateLimiter('x', { limit: 1, windowMs: 1, onStoreError: { consume() {} } as never }),
    TypeError,
  );
});
