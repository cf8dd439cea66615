// Stale-while-revalidate: within the grace period getOrLoad serves the stale value at once while
// ONE background refresh runs; after the grace period the entry is gone (a miss waits for a load).
// Scale: 50 concurrent readers of a stale key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cache } from '../../src/cache/Cache.js';
import { ManualClock } from '../../src/clock.js';
import { yieldTurn } from '../naive/yieldTurn.js';

test('50 readers of a stale key: all get the stale value, one refresh runs, then the fresh value is served', async () => {
  const clock = new ManualClock(0);
  const cache = new Cache<string>('swr', { clock, ttlMs: 100, staleWhileRevalidateMs: 50 });
  let runs = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const loader = async () => {
    runs++;
    if (runs > 1) await gate;
    return `v${runs}`;
  };
  assert.equal(await cache.getOrLoad('k', loader), 'v1');
  clock.advance(100); // stale, within the grace period
  assert.equal(await cache.get('k'), undefined, 'get never returns a stale value');
  const values = await Promise.all(Array.from({ length: 50 }, () => cache.getOrLoad('k', loader)));
  assert.deepEqual(new Set(values), new Set(['v1']));
  assert.equal(runs, 2, 'exactly one background refresh');
  release();
  await yieldTurn();
  assert.equal(await cache.getOrLoad('k', loader), 'v2');
  const stats = await cache.stats();
  assert.equal(stats.staleHits, 50);
  assert.equal(stats.loads, 2);
});

test('past the grace period the value is gone: the next getOrLoad waits for a new load', async () => {
  const clock = new ManualClock(0);
  const cache = new Cache<string>('swr-gone', { clock, ttlMs: 100, staleWhileRevalidateMs: 50 });
  await cache.set('k', 'old');
  clock.advance(150);
  assert.equal(await cache.size(), 0);
  assert.equal(await cache.getOrLoad('k', async () => 'new'), 'new');
});

test('a failed background refresh keeps the stale value until the grace period ends', async () => {
  const clock = new ManualClock(0);
  const cache = new Cache<string>('swr-fail', { clock, ttlMs: 100, staleWhileRevalidateMs: 50 });
  await cache.set('k', 'old');
  clock.advance(100);
  assert.equal(
    await cache.getOrLoad('k', async () => {
      throw new Error('down');
    }),
    'old',
  );
  await yieldTurn();
  assert.equal(await cache.getOrLoad('k', async () => 'unused-while-stale-refresh-fails'), 'old');
  await yieldTurn();
  const stats = await cache.stats();
  assert.equal(stats.loadFailures, 1);
});

test('a refresh never overwrites a newer set that landed while it ran', async () => {
  const clock = new ManualClock(0);
  const cache = new Cache<string>('swr-set', { clock, ttlMs: 100, staleWhileRevalidateMs: 50 });
  await cache.set('k', 'old');
  clock.advance(100);
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  assert.equal(
    await cache.getOrLoad('k', async () => {
      await gate;
      return 'refreshed';
    }),
    'old',
  );
  await cache.set('k', 'explicit');
  release();
  await yieldTurn();
  assert.equal(await cache.get('k'), 'explicit');
});
