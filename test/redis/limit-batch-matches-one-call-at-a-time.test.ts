// A batch decides exactly as one call at a time would: seeded random ticks of up to 60 requests
// issued together (all four algorithms, several tables and keys, repeated keys, multi-item
// requests, consume / peek / refund / block, consumeOnReject) give, request by request, the
// memory store's answers for the same requests applied in the same order at the same time —
// on ioredis with a hashTag (one slot: one batch per tick) and on node-redis without one (one
// batch per table; a request over several tables goes alone, at once, so before the batches of
// its tick). Manual clock (test build).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { manualClock, RedisStore } from '../../src/redis/RedisStore.js';
import type {
  LimitAlgorithm,
  LimitItem,
  LimitRequest,
  LimitResponse,
  LimitRule,
} from '../../src/store/contract.js';
import { MemoryStore } from '../../src/store/memory.js';
import { deletePrefix, ioredisClient, nodeRedisClient, uniquePrefix } from './helpers.js';
import { type Wrapped, wrapIoredis, wrapNodeRedis } from './limit-batch-helpers.js';
import { mulberry32, pick, randomRule } from './random.js';

type NodeRedis = Awaited<ReturnType<typeof nodeRedisClient>>;

const prefix = uniquePrefix('limit-batch-differential');
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

for (const [label, wrap, hashTag, seed] of [
  ['ioredis, one hash tag', () => wrapIoredis(io), 'differential', 21],
  ['node-redis, a slot per table', () => wrapNodeRedis(nr), undefined, 22],
] as Array<[string, () => Wrapped, string | undefined, number]>) {
  test(`${label}: 150 ticks of up to 60 requests issued together answer as one at a time`, async () => {
    const rand = mulberry32(seed);
    const start = 1_700_000_000_123;
    const memClock = new ManualClock(start);
    const redisClock = new ManualClock(start);
    const memory = new MemoryStore({ clock: memClock });
    const w = wrap();
    const redis = new RedisStore({
      client: w.client,
      prefix: `${prefix}${seed}:`,
      hashTag,
      [manualClock]: redisClock,
    } as never);
    const algorithms: LimitAlgorithm[] = ['fixed-window', 'sliding-window', 'token-bucket', 'gcra'];
    const rules = new Map<string, LimitRule>();
    for (const a of algorithms)
      for (let i = 0; i < 3; i++) rules.set(`${a}-${i}`, randomRule(rand, a));
    const names = [...rules.keys()];
    let decisions = 0;
    for (let tick = 0; tick < 150; tick++) {
      const requests: LimitRequest[] = [];
      const count = 1 + Math.floor(rand() * 60);
      for (let r = 0; r < count; r++) {
        const n = 1 + Math.floor(rand() * (rand() < 0.7 ? 1 : 3));
        const items: LimitItem[] = Array.from({ length: n }, () => {
          const name = pick(rand, names);
          const rule = rules.get(name)!;
          const cap = rule.algorithm === 'gcra' ? (rule.burst ?? rule.limit) : rule.limit;
          return {
            table: `t-${name.slice(-1)}`,
            key: `s${name}-${Math.floor(rand() * 2)}`,
            rule,
            cost: Math.floor(rand() * (cap + 1)),
          };
        });
        const op = pick(rand, [
          'consume',
          'consume',
          'consume',
          'peek',
          'refund',
          'block',
        ] as const);
        requests.push({
          op,
          items,
          consumeOnReject: op === 'consume' && rand() < 0.2 ? true : undefined,
          blockMs: op === 'block' ? pick(rand, [10, 1_000]) : undefined,
        });
      }
      const calls = w.calls.length;
      const pending = requests.map((q) => redis.rateLimit(q));
      // A request over tables in several slots goes alone at once, the others after the tick
      // (one batch per slot, in order): the order one call at a time must follow.
      const slotsOf = (q: LimitRequest) =>
        new Set(q.items.map((item) => (hashTag === undefined ? item.table : hashTag)));
      const alone = requests.filter((q) => slotsOf(q).size > 1);
      const batched = requests.filter((q) => slotsOf(q).size === 1);
      const expected = new Map<LimitRequest, LimitResponse>();
      for (const q of [...alone, ...batched]) expected.set(q, await memory.rateLimit(q));
      const got = await Promise.all(pending);
      for (let i = 0; i < requests.length; i++) {
        const q = requests[i]!;
        assert.deepEqual(
          got[i],
          expected.get(q),
          `tick ${tick}, request ${i}: ${JSON.stringify(q)}`,
        );
      }
      const slots = new Set(batched.map((q) => [...slotsOf(q)][0]));
      assert.equal(w.calls.length - calls, slots.size + alone.length, `tick ${tick}`);
      decisions += requests.length;
      const dt = pick(rand, [0, 1, 3, 7, 50, 99, 100, 101, 999, 5_000, 61_000]);
      memClock.advance(dt);
      redisClock.advance(dt);
    }
    assert.ok(decisions > 3_000);
    for (const t of ['t-0', 't-1', 't-2']) assert.equal(await redis.size(t), await memory.size(t));
  });
}

test('answers with numbers beyond 10^14 (long windows) come back exactly', async () => {
  const rand = mulberry32(23);
  const start = 1_700_000_000_123;
  const memClock = new ManualClock(start);
  const redisClock = new ManualClock(start);
  const memory = new MemoryStore({ clock: memClock });
  const redis = new RedisStore({
    client: io,
    prefix: `${prefix}long:`,
    [manualClock]: redisClock,
  } as never);
  const rules: LimitRule[] = (
    ['fixed-window', 'sliding-window', 'token-bucket', 'gcra'] as LimitAlgorithm[]
  ).flatMap((algorithm) => [
    { algorithm, limit: 1, windowMs: 2 ** 47 },
    { algorithm, limit: 3, windowMs: 2 ** 45 + 7, blockAfter: 1, blockMs: 2 ** 52 },
  ]);
  for (let tick = 0; tick < 40; tick++) {
    const requests: LimitRequest[] = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => {
      const rule = pick(rand, rules);
      return {
        op: pick(rand, ['consume', 'consume', 'peek', 'refund'] as const),
        items: [{ table: 'long', key: `s${rules.indexOf(rule)}`, rule, cost: 1 }],
      };
    });
    const pending = requests.map((q) => redis.rateLimit(q));
    const expected: LimitResponse[] = [];
    for (const q of requests) expected.push(await memory.rateLimit(q));
    assert.deepEqual(await Promise.all(pending), expected, `tick ${tick}`);
    const dt = pick(rand, [0, 1, 2 ** 44, 2 ** 46]);
    memClock.advance(dt);
    redisClock.advance(dt);
  }
});
