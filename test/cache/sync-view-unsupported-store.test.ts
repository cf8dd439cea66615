// `cache.sync` exists only when the cache's store runs its steps synchronously; elsewhere
// `hasSync` is false and `sync` throws UnsupportedError (ERR_UNSUPPORTED); the async methods work.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cache } from '../../src/cache/Cache.js';
import { UnsupportedError } from '../../src/errors.js';
import { MemoryStore } from '../../src/store/memory.js';

test('the default (memory) cache has a sync view; it is the same cache', async () => {
  const cache = new Cache<number>('c');
  assert.equal(cache.hasSync, true);
  assert.equal(cache.sync, cache.sync);
  cache.sync.set('a', 1);
  assert.equal(await cache.get('a'), 1);
  await cache.set('b', 2);
  assert.equal(cache.sync.get('b'), 2);
  assert.equal(cache.sync.size(), 2);
});

test('a store without synchronous steps: hasSync false, sync throws UnsupportedError', async () => {
  class Subclass extends MemoryStore {}
  const cache = new Cache<number>('c', { store: new Subclass() });
  assert.equal(cache.hasSync, false);
  assert.throws(
    () => cache.sync,
    (e) => e instanceof UnsupportedError && e.code === 'ERR_UNSUPPORTED',
  );
  await cache.set('a', 1);
  assert.equal(await cache.get('a'), 1);
});
