// Rate-limit decisions issued together go to Redis in a few batch script calls (at most 128
// decisions each), and still count exactly: 1,000 concurrent consumes of one key with limit 100
// admit exactly 100, each admitted call sees its own remaining count, each rejected one its own
// violation number, and the stored entry is exactly what the 1,000 decisions imply. On ioredis
// and node-redis.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeKey } from '../../src/keys.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { MAX_BATCH_DECISIONS } from '../../src/redis/limit-batch.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { deletePrefix, ioredisClient, nodeRedisClient, uniquePrefix } from './helpers.js';
import { decisionsIn, type Wrapped, wrapIoredis, wrapNodeRedis } from './limit-batch-helpers.js';

type NodeRedis = Awaited<ReturnType<typeof nodeRedisClient>>;

const prefix = uniquePrefix('limit-batch-exact');
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

// Window boundaries at multiples of 2e12 ms: the next one is in 2033, so no test straddles one.
const WINDOW = 2_000_000_000_000;
const N = 1_000;
const LIMIT = 100;

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

for (const [name, wrap] of [
  ['ioredis', () => wrapIoredis(io)],
  ['node-redis', () => wrapNodeRedis(nr)],
] as Array<[string, () => Wrapped]>) {
  async function stored(store: RedisStore, limiter: string, key: string): Promise<string | null> {
    return io.hget(store.redisKeys(`raceless:limit:${limiter}`).data, encodeKey(key));
  }

  test(`${name}: ${N} concurrent consumes, limit ${LIMIT}: exactly ${LIMIT} allowed, in batches`, async () => {
    const w = wrap();
    const store = new RedisStore({ client: w.client, prefix });
    const limiter = new RateLimiter(`exact-${name}`, {
      store,
      algorithm: 'fixed-window',
      limit: LIMIT,
      windowMs: WINDOW,
    });
    const results = await Promise.all(Array.from({ length: N }, () => limiter.consume('k')));
    const allowed = results.filter((r) => r.allowed);
    const rejected = results.filter((r) => !r.allowed);
    assert.equal(allowed.length, LIMIT);
    assert.deepEqual(
      allowed.map((r) => r.remaining).sort((a, b) => a - b),
      range(0, LIMIT - 1),
    );
    assert.deepEqual(
      rejected.map((r) => r.violations).sort((a, b) => a - b),
      range(1, N - LIMIT),
    );
    assert.ok(results.every((r) => r.degraded === undefined));
    // The decisions went in batches, none lost, none sent twice.
    const sizes = w.calls.map(decisionsIn);
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      N,
    );
    assert.ok(sizes.every((n) => n >= 1 && n <= MAX_BATCH_DECISIONS));
    assert.ok(w.calls.length <= Math.ceil(N / MAX_BATCH_DECISIONS) + 2, `${w.calls.length} calls`);
    assert.equal(w.evals.length, 0);
    // Stored: 100 consumed, 900 violations, in the window starting at 0.
    assert.equal(
      await stored(store, `exact-${name}`, 'k'),
      `{"a":"fixed-window","s":{"n":${LIMIT},"w":0},"v":${N - LIMIT},"vw":0}`,
    );
  });

  test(`${name}: with consumeOnReject every one of ${N} concurrent consumes is counted`, async () => {
    const w = wrap();
    const store = new RedisStore({ client: w.client, prefix });
    const limiter = new RateLimiter(`exact-cor-${name}`, {
      store,
      algorithm: 'fixed-window',
      limit: LIMIT,
      windowMs: WINDOW,
      consumeOnReject: true,
    });
    const results = await Promise.all(Array.from({ length: N }, () => limiter.consume('k')));
    assert.equal(results.filter((r) => r.allowed).length, LIMIT);
    assert.equal(
      await stored(store, `exact-cor-${name}`, 'k'),
      `{"a":"fixed-window","s":{"n":${N},"w":0},"v":${N - LIMIT},"vw":0}`,
    );
    assert.equal(
      w.calls.map(decisionsIn).reduce((a, b) => a + b, 0),
      N,
    );
  });

  test(`${name}: ${N} concurrent consumes over 50 keys and 2 limiters count each key exactly`, async () => {
    const w = wrap();
    const store = new RedisStore({ client: w.client, prefix, hashTag: `exact-${name}` });
    const a = new RateLimiter(`exact-a-${name}`, {
      store,
      algorithm: 'token-bucket',
      limit: 7,
      windowMs: WINDOW,
    });
    const b = new RateLimiter(`exact-b-${name}`, {
      store,
      algorithm: 'sliding-window',
      limit: 3,
      windowMs: WINDOW,
    });
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        (i % 2 === 0 ? a : b).consume(`user-${i % 50}`).then((r) => ({ i, r })),
      ),
    );
    for (let k = 0; k < 50; k++) {
      const mine = results.filter(({ i }) => i % 50 === k);
      // keys with an even k are only used by `a`, odd ones only by `b` (i % 2 === k % 2)
      const cap = k % 2 === 0 ? 7 : 3;
      assert.equal(mine.filter(({ r }) => r.allowed).length, cap, `user-${k}`);
    }
    // One hash tag: every decision of a tick goes in the same batches.
    assert.ok(w.calls.length <= Math.ceil(N / MAX_BATCH_DECISIONS) + 2, `${w.calls.length} calls`);
    const bucket = JSON.parse((await stored(store, `exact-a-${name}`, 'user-0'))!);
    assert.deepEqual(
      { ...bucket, s: { k: bucket.s.k } },
      {
        a: 'token-bucket',
        s: { k: 0 },
        v: 13,
        vw: 0,
      },
    );
    assert.equal(
      await stored(store, `exact-b-${name}`, 'user-1'),
      '{"a":"sliding-window","s":{"c":3,"p":0,"w":0},"v":17,"vw":0}',
    );
  });
}
