/**
 * Against Redis (127.0.0.1:6379, when it answers): RateLimiter on RedisStore vs
 * rate-limiter-flexible's RateLimiterRedis and vs a raw EVALSHA of a one-line script (the Redis
 * limit for one round trip per decision), all on the same ioredis client, at 1, 50 and 500 calls
 * in flight. Each side is measured in several rounds, interleaved with the others (the order
 * alternates), and reported as its median: one measurement is a few dozen round trips, and on a
 * shared machine a single stall of Redis or of this process moves it by tens of percent. Keys live
 * under a unique prefix and are deleted afterwards.
 */
import { Redis } from 'ioredis';
import { RateLimiter } from 'raceless';
import { RedisStore } from 'raceless/redis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Budget, Row } from '../lib.js';

/** ops/s of `total` calls of `fn` with `inFlight` calls outstanding at any time. */
async function throughput(
  fn: () => Promise<unknown>,
  inFlight: number,
  total: number,
): Promise<number> {
  let started = 0;
  const lane = async () => {
    while (started < total) {
      started++;
      await fn();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, lane));
  return (total * 1000) / (performance.now() - t0);
}

/** Rounds per side in a full run; the median is reported. */
const ROUNDS = 5;

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Resolves true when Redis answers PING within a second. */
export async function redisAnswers(): Promise<boolean> {
  const probe = new Redis({
    host: '127.0.0.1',
    port: 6379,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 1_000,
  });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

export async function redisComparisons(budget: Budget): Promise<Row[]> {
  const client = new Redis({ host: '127.0.0.1', port: 6379 });
  const prefix = `raceless-bench:${process.pid}:${Date.now()}:`;
  const BIG = 1_000_000_000;
  const ours = new RateLimiter('bench', {
    store: new RedisStore({ client, prefix }),
    algorithm: 'fixed-window',
    limit: BIG,
    windowMs: 60_000,
  });
  const theirs = new RateLimiterRedis({
    storeClient: client,
    keyPrefix: `${prefix}rlf`,
    points: BIG,
    duration: 60,
  });
  const sha = (await client.script('LOAD', "return redis.call('INCR', KEYS[1])")) as string;
  const raw = () => client.evalsha(sha, 1, `${prefix}raw`);
  const rows: Row[] = [];
  try {
    const rounds = budget === 'full' ? ROUNDS : 1;
    for (const inFlight of [1, 50, 500]) {
      const total = budget === 'full' ? Math.max(2_000, inFlight * 40) : 200;
      const sides = [() => theirs.consume('k'), () => ours.consume('k'), raw];
      // Warm up each side once, then measure them in rounds, alternating the order.
      for (const side of sides) await throughput(side, inFlight, Math.min(total, 500));
      const ops: number[][] = [[], [], []];
      for (let r = 0; r < rounds; r++) {
        for (const i of r % 2 === 0 ? [0, 1, 2] : [2, 1, 0]) {
          ops[i]!.push(await throughput(sides[i]!, inFlight, total));
        }
      }
      const [peer, mine, limit] = ops.map(median) as [number, number, number];
      rows.push({
        group: `Redis rate limiter, ${inFlight} in flight`,
        raceless: 'RateLimiter.consume (RedisStore)',
        peer: 'RateLimiterRedis.consume',
        racelessOps: mine,
        peerOps: peer,
        ratio: mine / peer,
        target: inFlight === 50 ? 1.5 : undefined,
        met: inFlight === 50 ? mine / peer >= 1.5 : undefined,
      });
      rows.push({
        group: `Redis rate limiter vs raw EVALSHA, ${inFlight} in flight`,
        raceless: 'RateLimiter.consume (RedisStore)',
        peer: 'raw EVALSHA (one INCR)',
        racelessOps: mine,
        peerOps: limit,
        ratio: mine / limit,
        target: 0.9,
        met: mine / limit >= 0.9,
      });
    }
  } finally {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    client.disconnect();
  }
  return rows;
}
