// S21: a Cache is bounded (maxEntries, LRU eviction in the same atomic step as the write) and
// counts its evictions exactly. Scale: 1,000 distinct keys into 100 slots; a 100,000-write churn.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cache } from '../../src/cache/Cache.js';
import { ManualClock } from '../../src/clock.js';

test('1,000 distinct keys into maxEntries 100: size 100, evictions 900', async () => {
  const cache = new Cache<number>('bounded', { maxEntries: 100 });
  for (let i = 0; i < 1_000; i++) await cache.set(i, i);
  const stats = await cache.stats();
  assert.equal(stats.size, 100);
  assert.equal(stats.maxEntries, 100);
  assert.equal(stats.evictions, 900);
  // The survivors are the 100 most recent.
  assert.equal(await cache.get(899), undefined);
  assert.equal(await cache.get(900), 900);
});

test('a key read recently survives eviction (least recently USED goes first)', async () => {
  const cache = new Cache<number>('lru', { maxEntries: 3 });
  await cache.set('a', 1);
  await cache.set('b', 2);
  await cache.set('c', 3);
  await cache.get('a');
  await cache.set('d', 4); // evicts b
  assert.equal(await cache.get('a'), 1);
  assert.equal(await cache.get('b'), undefined);
  assert.equal((await cache.stats()).evictions, 1);
});

test('loads into a full cache evict too, and are counted', async () => {
  const cache = new Cache<number>('loads', { maxEntries: 10 });
  for (let i = 0; i < 50; i++) await cache.getOrLoad(i, () => i);
  const stats = await cache.stats();
  assert.equal(stats.size, 10);
  assert.equal(stats.evictions, 40);
  assert.equal(stats.loads, 50);
});

test('churn soak: 100,000 writes of short-lived keys keep size at or below the bound and the live set', async () => {
  const clock = new ManualClock(0);
  const cache = new Cache<number>('soak', { clock, ttlMs: 10, maxEntries: 1_000 });
  let peak = 0;
  for (let i = 0; i < 100_000; i++) {
    await cache.set(i, i);
    if (i % 10 === 9) clock.advance(1);
    if (i % 1_000 === 0) peak = Math.max(peak, await cache.size());
  }
  // 10 writes per ms, 10 ms TTL: at most 100 live at once, far below the bound; nothing evicted.
  assert.ok(peak <= 100, `peak ${peak}`);
  assert.equal((await cache.stats()).evictions, 0);
});
