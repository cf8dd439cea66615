// The synchronous view is the same table as the async API: same entries, same bound, same TTLs,
// same LRU order; tables of other names (or on other stores) stay separate.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { CapacityExceededError } from '../../src/errors.js';
import { MemoryStore } from '../../src/store/memory.js';
import { Table } from '../../src/table/Table.js';

test('writes through either view are seen by the other', async () => {
  const store = new MemoryStore();
  const t = new Table<number>('hits', { store });
  const same = new Table<number>('hits', { store }).sync;
  t.sync.updateCounter('a', 1, { default: 0 });
  await t.updateCounter('a', 1);
  same.updateCounter('a', 1);
  assert.equal(await t.get('a'), 3);
  assert.equal(t.sync.get('a'), 3);
  assert.equal(new Table<number>('other', { store }).sync.get('a'), undefined);
  assert.equal(new Table<number>('hits').sync.get('a'), undefined);
});

test('the bound and the TTL hold across views', async () => {
  const clock = new ManualClock(0);
  const t = new Table<number>('t', { store: new MemoryStore({ clock }), maxEntries: 2 });
  await t.set('a', 1, { ttlMs: 10 });
  t.sync.set('b', 2);
  assert.throws(() => t.sync.set('c', 3), CapacityExceededError);
  await assert.rejects(t.set('c', 3), CapacityExceededError);
  clock.advance(10);
  assert.equal(t.sync.get('a'), undefined);
  t.sync.set('c', 3); // 'a' expired: room again
  assert.deepEqual(
    [...t.sync.entries()].map(([k]) => k),
    ['b', 'c'],
  );
});

test('LRU use through the sync view counts for eviction by the async API', async () => {
  const t = new Table<number>('t', { maxEntries: 2, evict: 'lru' });
  await t.set('a', 1);
  await t.set('b', 2);
  t.sync.get('a'); // 'b' is now the least recently used
  await t.set('c', 3);
  assert.deepEqual(
    [...t.sync].map(([k]) => k),
    ['a', 'c'],
  );
  t.sync.updateCounter('a', 1); // so is a plain increment
  t.sync.set('d', 4);
  assert.deepEqual(
    [...t.sync].map(([k]) => k),
    ['a', 'd'],
  );
});
