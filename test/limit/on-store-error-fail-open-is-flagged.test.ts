// onStoreError 'fail-open': with Redis unreachable every decision is allowed, flagged
// `degraded: 'fail-open'` (and consumeAll fails open only when every limiter does).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { StoreUnavailableError } from '../../src/errors.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { unreachableIoredis } from './unreachable-redis.js';

const io = unreachableIoredis();
after(() => {
  io.disconnect();
});

test('fail-open allows and flags every decision while the store is unreachable', async () => {
  const store = new RedisStore({ client: io, prefix: 'raceless-test:unreachable:' });
  const open = new RateLimiter('search', {
    store,
    limit: 1,
    windowMs: 1_000,
    onStoreError: 'fail-open',
  });
  const results = await Promise.all(Array.from({ length: 10 }, () => open.consume('ada')));
  assert.ok(results.every((r) => r.allowed && r.degraded === 'fail-open'));
  assert.ok(results.every((r) => r.storeError instanceof StoreUnavailableError));
  assert.equal(results[0]!.retryAfterMs, 0);

  const closed = new RateLimiter('login', { store, limit: 1, windowMs: 1_000 });
  const both = await RateLimiter.consumeAll([
    { limiter: open, key: 'ada' },
    { limiter: closed, key: 'ada' },
  ]);
  assert.equal(both.allowed, false);
  assert.equal(both.degraded, 'fail-closed');
  const onlyOpen = await RateLimiter.consumeAll([{ limiter: open, key: 'ada' }]);
  assert.equal(onlyOpen.allowed, true);
  assert.equal(onlyOpen.degraded, 'fail-open');
});
