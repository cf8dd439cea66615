// The batch script decides a one-item request with decide_one (no multi-item bookkeeping) and any
// other with decide_limits. Both give identical answers and identical stored state: 1,500 seeded
// random one-item requests run against one table, and the same requests padded with a second,
// neutral item (a fresh key, cost 0) against another — every answer for the real item and every
// stored value and expiry must be the same. Manual clock (test build).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { manualClock, RedisStore } from '../../src/redis/RedisStore.js';
import type {
  LimitAlgorithm,
  LimitItem,
  LimitRequest,
  LimitRule,
} from '../../src/store/contract.js';
import { deletePrefix, ioredisClient, uniquePrefix } from './helpers.js';
import { mulberry32, pick } from './random.js';

const client = ioredisClient();
const prefix = uniquePrefix('limit-batch-one-item');

after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

test('one-item requests: decide_one and decide_limits answer and store the same', async () => {
  const rand = mulberry32(5);
  const clock = new ManualClock(1_700_000_000_321);
  const store = new RedisStore({ client, prefix, hashTag: 'one', [manualClock]: clock } as never);
  const rules: LimitRule[] = [];
  for (const algorithm of [
    'fixed-window',
    'sliding-window',
    'token-bucket',
    'gcra',
  ] as LimitAlgorithm[]) {
    for (let i = 0; i < 3; i++) {
      const limit = 1 + Math.floor(rand() * 5);
      const rule: Record<string, number | string> = {
        algorithm,
        limit,
        windowMs: pick(rand, [10, 100, 1_000]),
      };
      if (algorithm === 'token-bucket' && rand() < 0.5)
        rule.refill = 1 + Math.floor(rand() * limit);
      if (algorithm === 'gcra' && rand() < 0.5) rule.burst = 1 + Math.floor(rand() * 6);
      if (rand() < 0.5) {
        rule.blockAfter = 1 + Math.floor(rand() * 3);
        rule.blockMs = pick(rand, [20, 300]);
        if (rand() < 0.5) rule.violationWindowMs = pick(rand, [50, 500]);
      }
      rules.push(rule as unknown as LimitRule);
    }
  }
  const neutral: LimitRule = { algorithm: 'fixed-window', limit: 1_000_000, windowMs: 1_000 };
  const one = store.redisKeys('one');
  const padded = store.redisKeys('padded');
  for (let step = 0; step < 1_500; step++) {
    const r = Math.floor(rand() * rules.length);
    const rule = rules[r]!;
    const cap = rule.algorithm === 'gcra' ? (rule.burst ?? rule.limit) : rule.limit;
    const key = `s${r}-${Math.floor(rand() * 2)}`;
    const cost = Math.floor(rand() * (cap + 1));
    const op = pick(rand, ['consume', 'consume', 'consume', 'peek', 'refund', 'block'] as const);
    const shape = {
      op,
      consumeOnReject: op === 'consume' && rand() < 0.25 ? true : undefined,
      blockMs: op === 'block' ? pick(rand, [10, 200]) : undefined,
    };
    const item = (table: string): LimitItem => ({ table, key, rule, cost });
    const single: LimitRequest = { ...shape, items: [item('one')] };
    const general: LimitRequest = {
      ...shape,
      items: [item('padded'), { table: 'pad', key: `s${step}`, rule: neutral, cost: 0 }],
    };
    const [a, b] = await Promise.all([store.rateLimit(single), store.rateLimit(general)]);
    const context = `step ${step}: ${JSON.stringify(single)}`;
    assert.equal(a.allowed, b.allowed, context);
    assert.deepEqual(a.items[0], b.items[0], context);
    assert.equal(a.nowMs, b.nowMs, context);
    assert.equal(await client.hget(one.data, key), await client.hget(padded.data, key), context);
    assert.equal(
      await client.zscore(one.expiry, key),
      await client.zscore(padded.expiry, key),
      context,
    );
    clock.advance(pick(rand, [0, 0, 1, 5, 9, 10, 11, 50, 99, 101, 400, 2_000]));
  }
});
