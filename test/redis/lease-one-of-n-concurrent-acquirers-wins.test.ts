// Exactly one of N concurrent acquirers wins: 8 clients (4 ioredis, 4 node-redis) × 25
// concurrent tryAcquire of one lease (200 attempts). The naive lock (GET, then SET if empty) at
// the same scale, with every attempt reading before any writes (an in-process barrier between
// the GET and the SET), makes every attempt a "holder".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Redis } from 'ioredis';
import { Leases } from '../../src/redis/Lease.js';
import { naiveLock } from '../naive/naiveRedis.js';
import { deletePrefix, ioredisClient, nodeRedisClient, uniquePrefix } from './helpers.js';

type NodeRedis = Awaited<ReturnType<typeof nodeRedisClient>>;
const prefix = uniquePrefix('lease-one-winner');
const io: Redis[] = Array.from({ length: 4 }, () => ioredisClient());
const nr: NodeRedis[] = [];
before(async () => {
  for (let i = 0; i < 4; i++) nr.push(await nodeRedisClient());
});
after(async () => {
  await deletePrefix(io[0]!, prefix);
  for (const c of io) c.disconnect();
  for (const c of nr) await c.quit();
});

test('exactly one of 200 concurrent acquirers over 8 clients wins; the naive lock lets all win', async () => {
  const ATTEMPTS = 200;
  const leases = [...io, ...nr].map((client) => new Leases({ client, prefix }));
  const got = await Promise.all(
    Array.from({ length: ATTEMPTS }, (_, i) =>
      leases[i % leases.length]!.tryAcquire('leader', { ttlMs: 60_000 }),
    ),
  );
  const winners = got.filter((l) => l !== undefined);
  assert.equal(winners.length, 1);
  const [winner] = winners;
  assert.ok(winner!.isValid());
  assert.equal(
    await io[1]!.get(leases[0]!.redisKeys('leader').owner),
    `${winner!.token}:${winner!.fencingToken}`,
  );
  await winner!.release();

  let arrived = 0;
  let open!: () => void;
  const allRead = new Promise<void>((r) => {
    open = r;
  });
  const window = () => {
    if (++arrived === ATTEMPTS) open();
    return allRead;
  };
  const naive = await Promise.all(
    Array.from({ length: ATTEMPTS }, (_, i) =>
      naiveLock(io[i % io.length]!, `${prefix}naive:leader`, `owner-${i}`, 60_000, window),
    ),
  );
  assert.equal(naive.filter(Boolean).length, ATTEMPTS);
});
