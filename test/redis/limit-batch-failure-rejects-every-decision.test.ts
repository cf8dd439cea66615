// A batch that fails rejects each of its decisions exactly as a single failed call is rejected
// (StoreUnavailableError; the limiter's onStoreError then applies to each decision), and nothing
// is decided twice: a batch whose reply was lost is not retried (it ran once), a NOSCRIPT batch is
// sent again with EVAL (it had not run). A decision that fails inside the script fails alone.
// On ioredis and node-redis.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StoreUnavailableError } from '../../src/errors.js';
import { encodeKey } from '../../src/keys.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import type { LimitRequest } from '../../src/store/contract.js';
import { deletePrefix, ioredisClient, nodeRedisClient, uniquePrefix } from './helpers.js';
import { decisionsIn, type Wrapped, wrapIoredis, wrapNodeRedis } from './limit-batch-helpers.js';

type NodeRedis = Awaited<ReturnType<typeof nodeRedisClient>>;

const prefix = uniquePrefix('limit-batch-failure');
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

const N = 10;
const WINDOW = 2_000_000_000_000;

for (const [name, wrap] of [
  ['ioredis', () => wrapIoredis(io)],
  ['node-redis', () => wrapNodeRedis(nr)],
] as Array<[string, () => Wrapped]>) {
  let seq = 0;
  function setup(fault: Wrapped['fault'], onStoreError?: RateLimiter) {
    const w = wrap();
    w.fault = fault;
    const store = new RedisStore({ client: w.client, prefix });
    const limiterName = `${name}-${++seq}`;
    const limiter = new RateLimiter(limiterName, {
      store,
      algorithm: 'fixed-window',
      limit: 100,
      windowMs: WINDOW,
      ...(onStoreError === undefined ? {} : { onStoreError }),
    });
    const stored = () =>
      io.hget(store.redisKeys(`raceless:limit:${limiterName}`).data, encodeKey('k'));
    return { w, store, limiter, stored };
  }
  const together = (limiter: RateLimiter) =>
    Promise.all(Array.from({ length: N }, () => limiter.consume('k')));

  test(`${name}: a batch that cannot be sent fails each decision closed, writes nothing`, async () => {
    const { w, limiter, stored } = setup(() => 'down');
    const results = await together(limiter);
    assert.equal(w.calls.length, 1);
    assert.equal(decisionsIn(w.calls[0]!), N);
    for (const r of results) {
      assert.equal(r.allowed, false);
      assert.equal(r.degraded, 'fail-closed');
      assert.ok(r.storeError instanceof StoreUnavailableError);
    }
    assert.equal(await stored(), null);
  });

  test(`${name}: the store rejects each decision of a failed batch with StoreUnavailableError`, async () => {
    const { w, store } = setup(() => 'down');
    const rule = { algorithm: 'gcra' as const, limit: 5, windowMs: 1_000 };
    const requests: LimitRequest[] = Array.from({ length: N }, (_, i) => ({
      op: i % 2 === 0 ? 'consume' : 'peek',
      items: [{ table: 'direct', key: `s${i}`, rule, cost: 1 }],
    }));
    const settled = await Promise.allSettled(requests.map((q) => store.rateLimit(q)));
    assert.equal(w.calls.length, 1);
    for (const s of settled) {
      assert.equal(s.status, 'rejected');
      assert.ok((s as PromiseRejectedResult).reason instanceof StoreUnavailableError);
    }
  });

  test(`${name}: with a fallback limiter each decision of a failed batch is decided there once`, async () => {
    const fallback = new RateLimiter(`fallback-${name}`, { limit: 3, windowMs: WINDOW });
    const { limiter } = setup(() => 'down', fallback);
    const results = await together(limiter);
    assert.equal(results.filter((r) => r.allowed).length, 3);
    assert.ok(results.every((r) => r.degraded === 'fallback'));
    assert.equal((await fallback.peek('k')).remaining, 0);
  });

  test(`${name}: a batch whose reply was lost ran once and is never retried`, async () => {
    const { w, limiter, stored } = setup(() => 'lost');
    const results = await together(limiter);
    assert.ok(results.every((r) => r.degraded === 'fail-closed'));
    assert.equal(w.calls.length, 1);
    assert.equal(w.evals.length, 0);
    assert.equal(await stored(), `{"a":"fixed-window","s":{"n":${N},"w":0}}`);
  });

  test(`${name}: a NOSCRIPT batch is sent once more with EVAL and decided once`, async () => {
    let first = true;
    const { w, limiter, stored } = setup(() => {
      if (!first) return 'pass';
      first = false;
      return 'noscript';
    });
    const results = await together(limiter);
    assert.ok(results.every((r) => r.allowed && r.degraded === undefined));
    assert.deepEqual(
      results.map((r) => r.remaining).sort((a, b) => a - b),
      [90, 91, 92, 93, 94, 95, 96, 97, 98, 99],
    );
    assert.equal(w.calls.length, 1);
    assert.equal(w.evals.length, 1);
    assert.equal(decisionsIn(w.evals[0]!), N);
    assert.equal(await stored(), `{"a":"fixed-window","s":{"n":${N},"w":0}}`);
  });

  test(`${name}: a decision that fails inside the script fails alone`, async () => {
    const w = wrap();
    const store = new RedisStore({ client: w.client, prefix, hashTag: `alone-${name}` });
    // The `broken` table's data key holds a string: reading it fails with WRONGTYPE.
    await io.set(store.redisKeys('broken').data, 'not a hash');
    const rule = { algorithm: 'fixed-window' as const, limit: 10, windowMs: WINDOW };
    const requests: LimitRequest[] = Array.from({ length: N }, (_, i) => ({
      op: 'consume',
      items: [{ table: i % 3 === 0 ? 'broken' : 'fine', key: 'sk', rule, cost: 1 }],
    }));
    const settled = await Promise.allSettled(requests.map((q) => store.rateLimit(q)));
    assert.equal(w.calls.length, 1);
    let fine = 0;
    settled.forEach((s, i) => {
      if (i % 3 === 0) {
        assert.equal(s.status, 'rejected');
        const reason = (s as PromiseRejectedResult).reason as Error;
        assert.ok(!(reason instanceof StoreUnavailableError));
        assert.match(reason.message, /WRONGTYPE/);
      } else {
        assert.equal(s.status, 'fulfilled');
        fine++;
        assert.equal((s as PromiseFulfilledResult<{ allowed: boolean }>).value.allowed, true);
      }
    });
    assert.equal(
      await io.hget(store.redisKeys('fine').data, 'sk'),
      `{"a":"fixed-window","s":{"n":${fine},"w":0}}`,
    );
    assert.equal(await io.get(store.redisKeys('broken').data), 'not a hash');
  });
}

test('a quit client (ioredis, node-redis): every decision rejects with StoreUnavailableError', async () => {
  const closedIo = ioredisClient();
  await closedIo.quit();
  const closedNr = await nodeRedisClient();
  await closedNr.quit();
  for (const client of [closedIo, closedNr]) {
    const store = new RedisStore({ client, prefix });
    const limiter = new RateLimiter('closed', { store, limit: 5, windowMs: 1_000 });
    const results = await Promise.all(Array.from({ length: N }, () => limiter.consume('k')));
    for (const r of results) {
      assert.equal(r.degraded, 'fail-closed');
      assert.ok(r.storeError instanceof StoreUnavailableError);
    }
    const settled = await Promise.allSettled(
      Array.from({ length: N }, () =>
        store.rateLimit({
          op: 'consume',
          items: [{ table: 'closed', key: 'sk', rule: limiter.rule, cost: 1 }],
        }),
      ),
    );
    assert.ok(
      settled.every((s) => s.status === 'rejected' && s.reason instanceof StoreUnavailableError),
    );
  }
});
