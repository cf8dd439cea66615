// The Lua ports of the rate-limit algorithms (decideLimits) and of the breaker state machine
// (breakerStep) give exactly the memory store's answers: seeded random sequences of requests and
// clock steps run against MemoryStore and against RedisStore's scripts on a manual clock (test
// build: `now` passed in), and every reply must be deep-equal.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { breakerStep } from '../../src/breaker/transitions.js';
import { ManualClock } from '../../src/clock.js';
import type { Data } from '../../src/data.js';
import { manualClock, RedisStore } from '../../src/redis/RedisStore.js';
import type {
  BreakerCommand,
  BreakerRule,
  LimitAlgorithm,
  LimitItem,
  LimitRequest,
  LimitRule,
} from '../../src/store/contract.js';
import { MemoryStore } from '../../src/store/memory.js';
import { deletePrefix, ioredisClient, uniquePrefix } from './helpers.js';
import { mulberry32, pick, randomRule } from './random.js';

const client = ioredisClient();
const prefix = uniquePrefix('differential');

after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

test('rateLimit: 2,000 random requests, all four algorithms, multi-item and duplicates', async () => {
  const rand = mulberry32(7);
  const start = 1_700_000_000_123;
  const memClock = new ManualClock(start);
  const redisClock = new ManualClock(start);
  const memory = new MemoryStore({ clock: memClock });
  const redis = new RedisStore({ client, prefix, [manualClock]: redisClock } as never);
  const algorithms: LimitAlgorithm[] = ['fixed-window', 'sliding-window', 'token-bucket', 'gcra'];
  const rules = new Map<string, LimitRule>();
  for (const a of algorithms)
    for (let i = 0; i < 3; i++) rules.set(`${a}-${i}`, randomRule(rand, a));
  const names = [...rules.keys()];
  for (let step = 0; step < 2_000; step++) {
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
    const op = pick(rand, ['consume', 'consume', 'consume', 'peek', 'refund', 'block'] as const);
    const request: LimitRequest = {
      op,
      items,
      consumeOnReject: op === 'consume' && rand() < 0.2 ? true : undefined,
      blockMs: op === 'block' ? pick(rand, [10, 1_000]) : undefined,
    };
    const a = await memory.rateLimit(request);
    const b = await redis.rateLimit(request);
    assert.deepEqual(b, a, `step ${step}: ${JSON.stringify(request)}`);
    const dt = pick(rand, [0, 0, 1, 3, 7, 50, 99, 100, 101, 999, 5_000, 61_000]);
    memClock.advance(dt);
    redisClock.advance(dt);
  }
  for (const t of ['t-0', 't-1', 't-2']) assert.equal(await redis.size(t), await memory.size(t));
});

/** breakerStep as a store, persisting a new breaker on its first admit like the Lua port does. */
class ReferenceBreakers {
  readonly #rows = new Map<string, { value: Data; expiresAt: number }>();
  constructor(readonly clock: ManualClock) {}
  step(key: string, command: BreakerCommand, rule: BreakerRule) {
    const now = this.clock.now();
    const row = this.#rows.get(key);
    const raw = row !== undefined && row.expiresAt > now ? row.value : undefined;
    const r = breakerStep(raw, command, rule, now);
    if (r.write || (raw === undefined && command.op === 'admit')) {
      this.#rows.set(key, {
        value: r.value,
        expiresAt: r.ttlMs === undefined ? Number.POSITIVE_INFINITY : now + r.ttlMs,
      });
    }
    return r.reply;
  }
}

test('breaker: 3,000 random commands with concurrent-style tokens, stale generations and timeouts', async () => {
  const rand = mulberry32(11);
  const start = 1_700_000_000_000;
  const refClock = new ManualClock(start);
  const redisClock = new ManualClock(start);
  const reference = new ReferenceBreakers(refClock);
  const redis = new RedisStore({ client, prefix, [manualClock]: redisClock } as never);
  const rules: BreakerRule[] = [
    {
      consecutiveFailures: 3,
      failureRatio: 0,
      ratioWindowMs: 1_000,
      minimumCalls: 5,
      halfOpenTrials: 2,
      trialTimeoutMs: 400,
      openMs: 100,
      maxOpenMs: 800,
      backoffMultiplier: 2,
      idleTtlMs: 10_000,
    },
    {
      consecutiveFailures: 0,
      failureRatio: 0.5,
      ratioWindowMs: 500,
      minimumCalls: 4,
      halfOpenTrials: 1,
      trialTimeoutMs: 50,
      openMs: 30,
      maxOpenMs: 1_000,
      backoffMultiplier: 1.5,
      idleTtlMs: 2_000,
    },
  ];
  // Calls the breakers admitted (token, generation), so records mostly name a live call.
  const calls: Array<{
    key: string;
    token: string;
    generation: number;
    trial: boolean;
    recorded?: boolean;
  }> = [];
  const seen = { closedByTrials: 0, stale: 0 };
  for (let step = 0; step < 3_000; step++) {
    const which = Math.floor(rand() * 2);
    const rule = rules[which]!;
    const key = `sbreaker-${which}`;
    const mine = calls.filter((c) => c.key === key);
    const pending = mine.filter((c) => !c.recorded);
    const r = rand();
    let command: BreakerCommand;
    if (r < 0.35 || mine.length === 0) {
      command = { op: 'admit', token: `t${step}` };
    } else if (r < 0.88) {
      // Mostly the latest call still running (a trial, when half-open), sometimes an old one.
      const call =
        pending.length > 0 && rand() < 0.8 ? pending[pending.length - 1]! : pick(rand, mine);
      call.recorded = true;
      command = {
        op: 'record',
        generation: rand() < 0.95 ? call.generation : call.generation - 1,
        token: rand() < 0.95 ? call.token : undefined,
        // Closed calls mostly fail (so breakers open); trials mostly succeed (so they close).
        outcome: call.trial
          ? pick(rand, ['success', 'success', 'success', 'failure', 'timeout'] as const)
          : pick(rand, ['success', 'failure', 'failure', 'timeout'] as const),
      };
    } else if (r < 0.96) {
      command = { op: 'peek' };
    } else {
      command = { op: rand() < 0.5 ? 'isolate' : 'close' };
    }
    const a = reference.step(key, command, rule);
    const b = await redis.breaker('breakers', key, command, rule);
    assert.deepEqual(b, a, `step ${step}: ${JSON.stringify(command)}`);
    if (command.op === 'admit' && a.admitted) {
      calls.push({ key, token: command.token, generation: a.generation, trial: a.trial });
    }
    if (
      command.op === 'record' &&
      a.transitions.some((t) => t.from === 'half-open' && t.to === 'closed')
    ) {
      seen.closedByTrials++;
    }
    if (a.stale) seen.stale++;
    const dt = pick(
      rand,
      [0, 0, 0, 1, 2, 5, 10, 30, 31, 50, 51, 100, 120, 201, 250, 400, 401, 1_000],
    );
    refClock.advance(dt);
    redisClock.advance(dt);
  }
  // The sequence reached the interesting paths, not only the easy ones.
  assert.ok(seen.closedByTrials >= 5, `trials closed the breaker ${seen.closedByTrials} times`);
  assert.ok(seen.stale >= 20, `${seen.stale} stale outcomes`);
});
