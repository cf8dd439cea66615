/**
 * In-process comparisons: the same work on both sides, measured in the same run.
 */
import { Mutex as AsyncMutex, Semaphore as AsyncSemaphore } from 'async-mutex';
import { ConsecutiveBreaker, circuitBreaker, handleAll } from 'cockatiel';
import { LRUCache } from 'lru-cache';
import Opossum from 'opossum';
import { Cache, CircuitBreaker, Mutex, RateLimiter, Semaphore, Table } from 'raceless';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Comparison } from '../lib.js';

const noop = async () => {};
const BIG = 1_000_000_000; // limits no benchmark reaches: every call is admitted on both sides

export async function inProcessComparisons(): Promise<Comparison[]> {
  // 1. Table counter vs Map increments.
  const table = new Table<number>('bench');
  await table.set('k', 0);
  const syncTable = table.sync;
  const counterKeys = Array.from({ length: 10_000 }, (_, i) => `c${i}`);
  const keyedTable = new Table<number>('bench-keys').sync;
  const keyedMap = new Map<string, number>();
  for (const k of counterKeys) {
    keyedTable.set(k, 0);
    keyedMap.set(k, 0);
  }
  let t1 = 0;
  let t2 = 0;
  const map = new Map<string, number>([['k', 0]]);
  const mapIncrement = async () => {
    map.set('k', (map.get('k') ?? 0) + 1);
  };

  // 2. Rate limiters, fixed window on both sides (rate-limiter-flexible's memory limiter is one).
  const ours1 = new RateLimiter('bench-1', {
    algorithm: 'fixed-window',
    limit: BIG,
    windowMs: 60_000,
  });
  const theirs1 = new RateLimiterMemory({ points: BIG, duration: 60 });
  const ours10k = new RateLimiter('bench-10k', {
    algorithm: 'fixed-window',
    limit: BIG,
    windowMs: 60_000,
  });
  const theirs10k = new RateLimiterMemory({ points: BIG, duration: 60 });
  const keys = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
  let i1 = 0;
  let i2 = 0;

  // 4. Locks.
  const mutex = new Mutex();
  const asyncMutex = new AsyncMutex();
  const sem = new Semaphore(4);
  const asyncSem = new AsyncSemaphore(4);
  const contended = (run: () => Promise<unknown>) => () =>
    Promise.all(Array.from({ length: 1_000 }, run));

  // 5. Breakers around the same async function.
  const breaker = new CircuitBreaker('bench', {
    consecutiveFailures: 5,
    openMs: 1_000,
    trialTimeoutMs: 1_000,
  });
  const opossum = new Opossum(noop, { timeout: false, resetTimeout: 1_000 });
  const cockatiel = circuitBreaker(handleAll, {
    halfOpenAfter: 1_000,
    breaker: new ConsecutiveBreaker(5),
  });

  // 6. Caches with TTL on, 100,000 keys.
  const N = 100_000;
  const cache = new Cache<number>('bench', { maxEntries: N, ttlMs: 3_600_000 });
  const lru = new LRUCache<string, number>({ max: N, ttl: 3_600_000 });
  for (let i = 0; i < N; i++) {
    await cache.set(`k${i}`, i);
    lru.set(`k${i}`, i);
  }
  const syncCache = cache.sync;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  let c4 = 0;
  let c5 = 0;
  let c6 = 0;
  let c7 = 0;
  let c8 = 0;
  const cacheGet = () => cache.get(`k${c1++ % N}`);
  const lruGet = () => lru.get(`k${c2++ % N}`);
  const syncCacheGet = () => syncCache.get(`k${c3++ % N}`);
  const lruGet2 = () => lru.get(`k${c4++ % N}`);
  const cacheSet = () => cache.set(`k${c5++ % N}`, c5);
  const lruSet = () => lru.set(`k${c6++ % N}`, c6);
  const syncCacheSet = () => syncCache.set(`k${c7++ % N}`, c7);
  const lruSet2 = () => lru.set(`k${c8++ % N}`, c8);

  // Warm the Table and Cache rows' functions (both sides alike): mitata times single calls
  // instead of batches when a function's first call takes over 0.5 ms, which a cold function
  // (compiling on that call) can when other processes share the CPU.
  const tableCounter = () => table.updateCounter('k', 1);
  const syncCounter = () => syncTable.updateCounter('k', 1);
  const mapIncrementRaw = () => map.set('k', (map.get('k') ?? 0) + 1);
  const keyedCounter = () => keyedTable.updateCounter(counterKeys[t1++ % counterKeys.length]!, 1);
  const keyedMapIncrement = () => {
    const k = counterKeys[t2++ % counterKeys.length]!;
    keyedMap.set(k, (keyedMap.get(k) ?? 0) + 1);
  };
  for (const fn of [
    tableCounter,
    mapIncrement,
    syncCounter,
    mapIncrementRaw,
    keyedCounter,
    keyedMapIncrement,
    cacheGet,
    lruGet,
    syncCacheGet,
    lruGet2,
    cacheSet,
    lruSet,
    syncCacheSet,
    lruSet2,
  ]) {
    for (let i = 0; i < 20_000; i++) await fn();
  }

  return [
    {
      group: 'Table counter vs awaited Map increment',
      raceless: { name: 'await table.updateCounter', fn: tableCounter },
      peer: { name: 'await async Map increment', fn: mapIncrement },
    },
    {
      group: 'Table counter vs raw Map increment',
      raceless: { name: 'await table.updateCounter', fn: tableCounter },
      peer: { name: 'map.set(k, map.get(k) + 1)', fn: mapIncrementRaw },
    },
    {
      group: 'Table sync counter vs raw Map increment (physical limit)',
      raceless: { name: 'table.sync.updateCounter', fn: syncCounter },
      peer: { name: 'map.set(k, map.get(k) + 1)', fn: mapIncrementRaw },
      target: 0.5,
    },
    {
      // The view encodes a repeated key once; with a different key on each call the key's
      // encoding (a fresh string to hash) is part of the cost.
      group: 'Table sync counter vs raw Map increment, 10,000 keys',
      raceless: { name: 'table.sync.updateCounter', fn: keyedCounter },
      peer: { name: 'map.set(k, map.get(k) + 1)', fn: keyedMapIncrement },
    },
    {
      group: 'memory rate limiter, 1 key',
      raceless: { name: 'RateLimiter.consume', fn: () => ours1.consume('k') },
      peer: { name: 'RateLimiterMemory.consume', fn: () => theirs1.consume('k') },
      target: 2,
    },
    {
      group: 'memory rate limiter, 10,000 keys',
      raceless: {
        name: 'RateLimiter.consume',
        fn: () => ours10k.consume(keys[i1++ % keys.length]!),
      },
      peer: {
        name: 'RateLimiterMemory.consume',
        fn: () => theirs10k.consume(keys[i2++ % keys.length]!),
      },
      target: 2,
    },
    {
      group: 'Mutex, uncontended',
      raceless: { name: 'Mutex.runExclusive', fn: () => mutex.runExclusive(noop) },
      peer: { name: 'async-mutex runExclusive', fn: () => asyncMutex.runExclusive(noop) },
      target: 3,
    },
    {
      group: 'Mutex, 1,000 contending tasks',
      raceless: {
        name: 'Mutex.runExclusive',
        fn: contended(() => mutex.runExclusive(noop)),
        ops: 1_000,
      },
      peer: {
        name: 'async-mutex runExclusive',
        fn: contended(() => asyncMutex.runExclusive(noop)),
        ops: 1_000,
      },
      target: 2,
    },
    {
      group: 'Semaphore(4), uncontended',
      raceless: { name: 'Semaphore.withPermits', fn: () => sem.withPermits(1, noop) },
      peer: { name: 'async-mutex Semaphore', fn: () => asyncSem.runExclusive(noop) },
    },
    {
      group: 'Semaphore(4), 1,000 contending tasks',
      raceless: {
        name: 'Semaphore.withPermits',
        fn: contended(() => sem.withPermits(1, noop)),
        ops: 1_000,
      },
      peer: {
        name: 'async-mutex Semaphore',
        fn: contended(() => asyncSem.runExclusive(noop)),
        ops: 1_000,
      },
    },
    {
      group: 'breaker call vs opossum',
      raceless: { name: 'CircuitBreaker.execute', fn: () => breaker.execute(noop) },
      peer: { name: 'opossum fire', fn: () => opossum.fire() },
      target: 5,
    },
    {
      group: 'breaker call vs cockatiel',
      raceless: { name: 'CircuitBreaker.execute', fn: () => breaker.execute(noop) },
      peer: { name: 'cockatiel execute', fn: () => cockatiel.execute(noop) },
      target: 1.5,
    },
    {
      group: 'breaker overhead vs a direct call (≤ 1.7× cost)',
      raceless: { name: 'CircuitBreaker.execute', fn: () => breaker.execute(noop) },
      peer: { name: 'await fn()', fn: noop },
      target: Number((1 / 1.7).toFixed(2)),
    },
    {
      group: 'cache get, 100,000 keys, TTL on',
      raceless: { name: 'await Cache.get', fn: cacheGet },
      peer: { name: 'lru-cache get', fn: lruGet },
      target: 1,
    },
    {
      group: 'cache sync get, 100,000 keys, TTL on',
      raceless: { name: 'cache.sync.get', fn: syncCacheGet },
      peer: { name: 'lru-cache get', fn: lruGet2 },
      target: 1,
    },
    {
      group: 'cache set, 100,000 keys, TTL on',
      raceless: { name: 'await Cache.set', fn: cacheSet },
      peer: { name: 'lru-cache set', fn: lruSet },
      target: 1,
    },
    {
      group: 'cache sync set, 100,000 keys, TTL on',
      raceless: { name: 'cache.sync.set', fn: syncCacheSet },
      peer: { name: 'lru-cache set', fn: lruSet2 },
      target: 1,
    },
  ];
}
