// Fixed capacity, typed errors, handles, churn: the workers store's own behaviours (one thread).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import type { Data } from '../../src/data.js';
import {
  CapacityExceededError,
  InvalidArgumentError,
  OutOfRangeError,
  StoreUnavailableError,
} from '../../src/errors.js';
import { Table } from '../../src/table/Table.js';
import { WorkersStore } from '../../src/workers/index.js';

test('the store-wide maxEntries is a CapacityExceededError; nothing is written', async () => {
  const store = WorkersStore.create({ maxEntries: 3 });
  const a = new Table<number>('a', { store });
  const b = new Table<number>('b', { store });
  await a.setMany([
    ['x', 1],
    ['y', 2],
  ]);
  await b.set('z', 3);
  await assert.rejects(b.set('w', 4), CapacityExceededError);
  await assert.rejects(a.insertNewMany([['p', 1]]), CapacityExceededError);
  assert.equal((await a.size()) + (await b.size()), 3);
  await a.set('x', 10); // overwriting never counts
  await a.delete('y');
  await b.set('w', 4); // a freed entry is reusable
  assert.equal(await b.get('w'), 4);
  store.close();
});

test('expired entries do not count against the store bound', async () => {
  const clock = new ManualClock(1_000);
  const store = WorkersStore.create({ maxEntries: 2, clock });
  const t = new Table<string>('t', { store });
  await t.set('a', 'x', { ttlMs: 10 });
  await t.set('b', 'y', { ttlMs: 10 });
  clock.advance(10);
  await t.set('c', 'z');
  await t.set('d', 'w');
  assert.equal(await t.size(), 2);
  store.close();
});

test('a key or value beyond its byte limit is OutOfRangeError naming it; nothing written', async () => {
  const store = WorkersStore.create({ maxEntries: 8, maxKeyBytes: 32, maxValueBytes: 64 });
  const t = new Table<Data>('t', { store });
  await assert.rejects(t.set('k'.repeat(40), 1), (e: OutOfRangeError) => {
    return e instanceof OutOfRangeError && e.argument === 'key';
  });
  await assert.rejects(t.set('k', 'v'.repeat(100) as never), (e: OutOfRangeError) => {
    return e instanceof OutOfRangeError && e.argument === 'value';
  });
  // A counter never needs value bytes; an object that grows past the limit is refused whole.
  await t.set('n', (2 ** 52) as never);
  assert.equal(await t.updateCounter('n', 1), 2 ** 52 + 1);
  await t.set('o', { s: 'v'.repeat(40) } as never);
  await assert.rejects(t.updateFields('o', { more: 'v'.repeat(40) } as never), OutOfRangeError);
  assert.deepEqual(await t.get('o'), { s: 'v'.repeat(40) });
  assert.equal(await t.size(), 2);
  store.close();
});

test('a handle survives structured cloning; attached instances share one state', async () => {
  const store = WorkersStore.create({ maxEntries: 16 });
  const twin = WorkersStore.attach(structuredClone(store.handle));
  await new Table<number>('t', { store }).updateCounter('n', 5, { default: 0 });
  assert.equal(await new Table<number>('t', { store: twin }).updateCounter('n', 1), 6);
  assert.equal(store.stats().threads, 2);
  twin.close();
  assert.equal(store.stats().threads, 1);
  await assert.rejects(new Table('t', { store: twin }).get('n'), StoreUnavailableError);
  assert.throws(
    () => WorkersStore.attach({ ...store.handle, buffer: new SharedArrayBuffer(8) }),
    InvalidArgumentError,
  );
  assert.throws(() => WorkersStore.create({ maxEntries: 0 }), OutOfRangeError);
  store.close();
});

test('heavy churn of distinct keys reuses slots: 40 × capacity inserts and deletes', async () => {
  const store = WorkersStore.create({ maxEntries: 64 });
  const t = new Table<{ i: number }>('churn', { store });
  for (let i = 0; i < 40 * 64; i++) {
    await t.set(`session-${i}`, { i });
    if (i >= 32) assert.deepEqual(await t.take(`session-${i - 32}`), { i: i - 32 });
  }
  assert.equal(await t.size(), 32);
  const s = store.stats();
  assert.equal(s.lockedSlots, 0);
  assert.equal(s.blocks - s.freeBlocks, s.valueBlocks); // no block lost
  store.close();
});
