// Policies on RedisStore, shared by four stores on four connections (2 ioredis, 2 node-redis) in
// one process — the same situation as four app servers on one Redis. Each scenario states its
// scale, asserts the exact outcome, and runs the naive GET/SET version of the same decision on
// the same connections at the same scale, which loses.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Redis } from 'ioredis';
import { BreakerOpenError, CircuitBreaker } from '../../src/breaker/CircuitBreaker.js';
import { Cache } from '../../src/cache/Cache.js';
import { AlreadyRegisteredError } from '../../src/errors.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { Registry } from '../../src/registry/Registry.js';
import { Table } from '../../src/table/Table.js';
import { deletePrefix, ioredisClient, nodeRedisClient, uniquePrefix } from './helpers.js';

type NodeRedis = Awaited<ReturnType<typeof nodeRedisClient>>;

const prefix = uniquePrefix('policies');
const io: Redis[] = [ioredisClient(), ioredisClient()];
const nr: NodeRedis[] = [];
let stores: RedisStore[] = [];

/** The naive client API: plain GET / SET / HLEN / HSET on one connection. */
interface Raw {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  hlen(key: string): Promise<number>;
  hset(key: string, field: string, value: string): Promise<unknown>;
}
let raw: Raw[] = [];

before(async () => {
  nr.push(await nodeRedisClient(), await nodeRedisClient());
  const clients = [io[0]!, nr[0]!, io[1]!, nr[1]!];
  stores = clients.map((client) => new RedisStore({ client, prefix }));
  raw = [
    ...io.map((c) => ({
      get: (k: string) => c.get(k),
      set: (k: string, v: string) => c.set(k, v),
      hlen: (k: string) => c.hlen(k),
      hset: (k: string, f: string, v: string) => c.hset(k, f, v),
    })),
    ...nr.map((c) => ({
      get: (k: string) => c.get(k),
      set: (k: string, v: string) => c.set(k, v),
      hlen: (k: string) => c.hLen(k),
      hset: (k: string, f: string, v: string) => c.hSet(k, f, v),
    })),
  ];
});

after(async () => {
  await deletePrefix(io[0]!, prefix);
  for (const c of io) c.disconnect();
  for (const c of nr) await c.quit();
});

const spread = <T>(n: number, make: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => make(i)));

test('Table: 100 concurrent updateCounter over 4 connections are exact; naive GET/SET loses updates', async () => {
  const tables = stores.map((store) => new Table<number>('hits', { store }));
  await spread(100, (i) => tables[i % 4]!.updateCounter('home', 1, { default: 0 }));
  assert.equal(await tables[0]!.get('home'), 100);

  const key = `${prefix}naive:hits`;
  await spread(100, async (i) => {
    const c = raw[i % 4]!;
    const n = Number((await c.get(key)) ?? 0);
    await c.set(key, String(n + 1));
  });
  const naive = Number(await raw[0]!.get(key));
  assert.ok(naive < 100, `naive counted ${naive}`);
});

test('RateLimiter: 1,000 concurrent consumes at limit 5 over 4 connections admit exactly 5; naive admits more', async () => {
  for (const algorithm of ['fixed-window', 'sliding-window', 'token-bucket', 'gcra'] as const) {
    const limiters = stores.map(
      (store) =>
        new RateLimiter(`login-${algorithm}`, { store, algorithm, limit: 5, windowMs: 60_000 }),
    );
    const results = await spread(1_000, (i) => limiters[i % 4]!.consume(['user', 'ada']));
    assert.equal(results.filter((r) => r.allowed).length, 5, algorithm);
    assert.equal((await limiters[1]!.peek(['user', 'ada'])).remaining, 0, algorithm);
  }

  const key = `${prefix}naive:login`;
  const admitted = await spread(1_000, async (i) => {
    const c = raw[i % 4]!;
    const n = Number((await c.get(key)) ?? 0);
    if (n + 1 > 5) return false;
    await c.set(key, String(n + 1));
    return true;
  });
  const naive = admitted.filter(Boolean).length;
  assert.ok(naive > 5, `naive admitted ${naive}`);
});

test('CircuitBreaker: 100 concurrent calls on a half-open breaker over 4 connections run exactly 2 trials; naive runs more', async () => {
  const options = {
    consecutiveFailures: 1,
    openMs: 100,
    halfOpenTrials: 2,
    trialTimeoutMs: 30_000,
  };
  const breakers = stores.map((store) => new CircuitBreaker('payments', { store, ...options }));
  await assert.rejects(
    breakers[0]!.execute(() => {
      throw new Error('down');
    }),
    /down/,
  );
  assert.equal(await breakers[1]!.state(), 'open');
  const stop = Date.now() + 5_000;
  while ((await breakers[2]!.state()) !== 'half-open') {
    assert.ok(Date.now() < stop, 'breaker never reached half-open');
    await new Promise((r) => setTimeout(r, 10));
  }
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let trials = 0;
  let rejected = 0;
  const calls = Array.from({ length: 100 }, (_, i) =>
    breakers[i % 4]!.execute(async () => {
      trials++;
      await gate;
      return 'ok';
    }).catch((e) => {
      if (e instanceof BreakerOpenError) rejected++;
      else throw e;
    }),
  );
  const bound = Date.now() + 10_000;
  while (rejected < 98) {
    assert.ok(Date.now() < bound, `only ${rejected} rejected`);
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(trials, 2);
  release();
  await Promise.all(calls);
  assert.equal(await breakers[3]!.state(), 'closed'); // both trials succeeded

  const key = `${prefix}naive:trials`;
  let naiveTrials = 0;
  await spread(100, async (i) => {
    const c = raw[i % 4]!;
    const n = Number((await c.get(key)) ?? 0);
    if (n >= 2) return;
    await c.set(key, String(n + 1));
    naiveTrials++;
  });
  assert.ok(naiveTrials > 2, `naive ran ${naiveTrials} trials`);
});

test('Cache: 1,000 concurrent sets of distinct keys over 4 connections stay within maxEntries 50; naive check-then-insert overflows', async () => {
  const caches = stores.map((store) => new Cache<number>('pages', { store, maxEntries: 50 }));
  await spread(1_000, (i) => caches[i % 4]!.set(i, i));
  assert.equal(await caches[0]!.size(), 50);
  let live = 0;
  for (let i = 0; i < 1_000; i++) if ((await caches[1]!.get(i)) !== undefined) live++;
  assert.equal(live, 50);

  const key = `${prefix}naive:pages`;
  await spread(1_000, async (i) => {
    const c = raw[i % 4]!;
    if ((await c.hlen(key)) >= 50) return;
    await c.hset(key, String(i), String(i));
  });
  const naive = await raw[0]!.hlen(key);
  assert.ok(naive > 50, `naive holds ${naive}`);
});

test('Registry: 100 concurrent registrations of one name over 4 connections make exactly one owner; naive makes many', async () => {
  const registries = stores.map((store) => new Registry<{ id: number }>('services', { store }));
  const results = await Promise.allSettled(
    Array.from({ length: 100 }, (_, i) =>
      registries[i % 4]!.register('billing', () => ({ id: i })),
    ),
  );
  const won = results.filter((r) => r.status === 'fulfilled');
  assert.equal(won.length, 1);
  assert.ok(
    results.every((r) => r.status === 'fulfilled' || r.reason instanceof AlreadyRegisteredError),
  );
  const owner = (won[0] as PromiseFulfilledResult<{ token: string }>).value.token;
  for (const r of registries) assert.equal((await r.info('billing'))?.token, owner);

  const key = `${prefix}naive:owner`;
  const winners = await spread(100, async (i) => {
    const c = raw[i % 4]!;
    if ((await c.get(key)) !== null) return false;
    await c.set(key, `owner-${i}`);
    return true;
  });
  const naive = winners.filter(Boolean).length;
  assert.ok(naive > 1, `naive made ${naive} owners`);
});
