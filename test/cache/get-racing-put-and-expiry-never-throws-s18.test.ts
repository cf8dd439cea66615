// S18: a get racing a put, a delete or an expiry never throws and never returns an expired
// value; expiry removes only what is still expired. Scale: 8,000 operations on 8 keys.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cache } from '../../src/cache/Cache.js';
import { ManualClock } from '../../src/clock.js';
import { NaiveTtlCache } from '../naive/naiveCache.js';
import { yieldTurn } from '../naive/yieldTurn.js';

const OPS = 8_000;
const KEYS = 8;
const TTL = 5;

/** Deterministic pseudo-random sequence (LCG), so each run is the same interleaving. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

test('8,000 interleaved gets, puts, deletes and clock ticks: no throw, no expired value', async () => {
  const clock = new ManualClock(0);
  const cache = new Cache<{ expiresAt: number }>('s18', { clock, ttlMs: TTL, maxEntries: 100 });
  const rand = rng(1);
  let thrown = 0;
  let expiredSeen = 0;
  let gets = 0;
  const actors = Array.from({ length: 8 }, async () => {
    for (let i = 0; i < OPS / 8; i++) {
      const key = `k${Math.floor(rand() * KEYS)}`;
      const r = rand();
      try {
        if (r < 0.5) {
          gets++;
          const v = await cache.get(key);
          if (v !== undefined && v.expiresAt <= clock.now()) expiredSeen++;
        } else if (r < 0.8) {
          await cache.set(key, { expiresAt: clock.now() + TTL });
        } else if (r < 0.9) {
          await cache.delete(key);
        } else {
          clock.advance(1);
        }
      } catch {
        thrown++;
      }
      await yieldTurn();
    }
  });
  await Promise.all(actors);
  assert.equal(thrown, 0);
  assert.equal(expiredSeen, 0);
  assert.ok(gets > 3_000, `gets ${gets}`);
});

test('a purge of stale entries racing a put never removes the fresh value (1,000 rounds)', async () => {
  const clock = new ManualClock(0);
  const cache = new Cache<string>('purge', { clock, ttlMs: TTL, staleWhileRevalidateMs: 100 });
  let lost = 0;
  for (let i = 0; i < 1_000; i++) {
    await cache.set('k', `old${i}`);
    clock.advance(TTL); // stale now
    await Promise.all([cache.purgeStale(), cache.set('k', `new${i}`)]);
    if ((await cache.get('k')) !== `new${i}`) lost++;
  }
  assert.equal(lost, 0);
});

test('the naive has/await/read get throws at the same scale (the test can see the bug)', async () => {
  const clock = new ManualClock(0);
  const naive = new NaiveTtlCache<{ expiresAt: number }>(() => clock.now());
  const rand = rng(1);
  let thrown = 0;
  const actors = Array.from({ length: 8 }, async () => {
    for (let i = 0; i < OPS / 8; i++) {
      const key = `k${Math.floor(rand() * KEYS)}`;
      const r = rand();
      try {
        if (r < 0.5) await naive.get(key);
        else if (r < 0.8) await naive.set(key, { expiresAt: clock.now() + TTL }, TTL);
        else if (r < 0.9) naive.map.delete(key);
        else clock.advance(1);
      } catch {
        thrown++;
      }
      await yieldTurn();
    }
  });
  await Promise.all(actors);
  assert.ok(thrown > 0, `naive get threw ${thrown} times`);
});

test('the naive check/await/delete expiry removes the fresh value at the same scale (the test can see the bug)', async () => {
  const clock = new ManualClock(0);
  const naive = new NaiveTtlCache<string>(() => clock.now());
  let lost = 0;
  for (let i = 0; i < 1_000; i++) {
    await naive.set('k', `old${i}`, TTL);
    clock.advance(TTL);
    await Promise.all([naive.expire('k'), naive.set('k', `new${i}`, TTL)]);
    if (naive.map.get('k')?.value !== `new${i}`) lost++;
  }
  assert.equal(lost, 1_000);
});
