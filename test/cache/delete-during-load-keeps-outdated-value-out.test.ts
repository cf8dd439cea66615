// An invalidation (delete, set or clear) that lands while a load runs keeps the load's outdated
// result out of the cache; the callers still get it. Scale: 3 invalidation kinds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cache } from '../../src/cache/Cache.js';

/** A loader that waits for `release()`; `started` resolves once it runs. */
function gated<T>(value: T): {
  loader: () => Promise<T>;
  release: () => void;
  started: Promise<void>;
} {
  let release!: () => void;
  let start!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const started = new Promise<void>((r) => {
    start = r;
  });
  return {
    loader: async () => {
      start();
      await gate;
      return value;
    },
    release,
    started,
  };
}

test('delete during the load: the caller gets the value, the cache stays empty', async () => {
  const cache = new Cache<string>('del');
  const { loader, release, started } = gated('loaded-before-delete');
  const p = cache.getOrLoad('k', loader);
  await started;
  await cache.delete('k');
  release();
  assert.equal(await p, 'loaded-before-delete');
  assert.equal(await cache.get('k'), undefined);
});

test('set during the load: the set value stays', async () => {
  const cache = new Cache<string>('set');
  const { loader, release, started } = gated('loaded');
  const p = cache.getOrLoad('k', loader);
  await started;
  await cache.set('k', 'explicit');
  release();
  await p;
  assert.equal(await cache.get('k'), 'explicit');
});

test('clear during the load: the cache stays empty, and a later getOrLoad starts a new load', async () => {
  const cache = new Cache<string>('clear');
  const first = gated('first');
  const p = cache.getOrLoad('k', first.loader);
  await first.started;
  await cache.clear();
  const q = cache.getOrLoad('k', async () => 'second');
  first.release();
  assert.equal(await p, 'first');
  assert.equal(await q, 'second');
  assert.equal(await cache.get('k'), 'second');
});
