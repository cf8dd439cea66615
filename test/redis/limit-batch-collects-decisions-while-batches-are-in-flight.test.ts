// Decisions issued in separate ticks are not held back while fewer than two batches of their
// slot are in flight; once two are, the next decisions wait and go together, as one batch, when
// one returns. On ioredis and node-redis.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { MAX_BATCHES_IN_FLIGHT } from '../../src/redis/limit-batch.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { deletePrefix, ioredisClient, nodeRedisClient, uniquePrefix } from './helpers.js';
import { decisionsIn, type Wrapped, wrapIoredis, wrapNodeRedis } from './limit-batch-helpers.js';

type NodeRedis = Awaited<ReturnType<typeof nodeRedisClient>>;

const prefix = uniquePrefix('limit-batch-in-flight');
const io = ioredisClient();
let nr: NodeRedis;

before(async () => {
  nr = await nodeRedisClient();
});
after(async () => {
  await deletePrefix(io, prefix);
  io.disconnect();
  await nr.quit();
});

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

for (const [name, wrap] of [
  ['ioredis', () => wrapIoredis(io)],
  ['node-redis', () => wrapNodeRedis(nr)],
] as Array<[string, () => Wrapped]>) {
  test(`${name}: with ${MAX_BATCHES_IN_FLIGHT} batches in flight, later decisions go together`, async () => {
    assert.equal(MAX_BATCHES_IN_FLIGHT, 2);
    const w = wrap();
    const held: Array<() => void> = [];
    w.gate = () => new Promise<void>((resolve) => held.push(resolve));
    const store = new RedisStore({ client: w.client, prefix });
    const limiter = new RateLimiter(`in-flight-${name}`, {
      store,
      algorithm: 'fixed-window',
      limit: 100,
      windowMs: 2_000_000_000_000,
    });
    const results = [limiter.consume('k')];
    await nextTick();
    assert.equal(w.calls.length, 1);
    results.push(limiter.consume('k'));
    await nextTick();
    assert.equal(w.calls.length, 2);
    for (let i = 0; i < 5; i++) {
      results.push(limiter.consume('k'));
      await nextTick();
    }
    assert.equal(w.calls.length, 2, 'held back while two batches are in flight');
    held.shift()!();
    await results[0];
    assert.equal(w.calls.length, 3);
    assert.deepEqual(w.calls.map(decisionsIn), [1, 1, 5]);
    w.gate = () => undefined;
    for (const release of held.splice(0)) release();
    const all = await Promise.all(results);
    assert.ok(all.every((r) => r.allowed));
    assert.deepEqual(
      all.map((r) => r.remaining),
      [99, 98, 97, 96, 95, 94, 93],
    );
  });
}
