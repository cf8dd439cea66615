// A stampede of concurrent misses runs the loader once (single-flight per Cache instance).
// Scale: 100 concurrent getOrLoad calls on one cold key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cache } from '../../src/cache/Cache.js';
import { NaiveTtlCache } from '../naive/naiveCache.js';
import { yieldTurn } from '../naive/yieldTurn.js';

test('100 concurrent misses: the loader runs once, every caller gets its value', async () => {
  const cache = new Cache<{ n: number }>('users', { ttlMs: 60_000 });
  let runs = 0;
  const loader = async () => {
    runs++;
    await yieldTurn();
    return { n: 42 };
  };
  const values = await Promise.all(
    Array.from({ length: 100 }, () => cache.getOrLoad(['user', 1], loader)),
  );
  assert.equal(runs, 1);
  assert.deepEqual(
    values,
    Array.from({ length: 100 }, () => ({ n: 42 })),
  );
  const stats = await cache.stats();
  assert.equal(stats.loads, 1);
  assert.equal(stats.misses, 100);
  assert.equal(stats.inFlight, 0);
  assert.equal(stats.size, 1);
  // The next call is a hit.
  assert.deepEqual(await cache.getOrLoad(['user', 1], loader), { n: 42 });
  assert.equal(runs, 1);
  assert.equal((await cache.stats()).hits, 1);
});

test('two Cache instances never share a flight', async () => {
  const a = new Cache<number>('a');
  const b = new Cache<number>('b');
  let runs = 0;
  const loader = async () => {
    runs++;
    await yieldTurn();
    return runs;
  };
  await Promise.all([a.getOrLoad('k', loader), b.getOrLoad('k', loader)]);
  assert.equal(runs, 2);
});

test('the naive check-then-load cache runs the loader 100 times at the same scale (the test can see the bug)', async () => {
  const naive = new NaiveTtlCache<{ n: number }>(() => 0);
  let runs = 0;
  const loader = async () => {
    runs++;
    await yieldTurn();
    return { n: 42 };
  };
  await Promise.all(Array.from({ length: 100 }, () => naive.getOrLoad('user:1', loader, 60_000)));
  assert.equal(runs, 100);
});
