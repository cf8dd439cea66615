// A lock-free increment of an inline integer is a use of the entry for `evict: 'lru'`, as the
// generic step's is: the counter just incremented is not the one evicted (sync and async).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeKey } from '../../src/keys.js';
import type { Limits } from '../../src/store/contract.js';
import { syncSteps } from '../../src/store/sync.js';
import { Table } from '../../src/table/Table.js';
import { WorkersStore } from '../../src/workers/index.js';

test('async: the incremented counter survives an LRU eviction; the idle one goes', async () => {
  const store = WorkersStore.create({ maxEntries: 16 });
  const t = new Table<number>('lru', { store, maxEntries: 2, evict: 'lru' });
  await t.set('a', 0);
  await t.set('b', 0);
  assert.equal(await t.updateCounter('a', 1), 1);
  await t.set('c', 0);
  assert.deepEqual([await t.has('a'), await t.has('b'), await t.has('c')], [true, false, true]);
  store.close();
});

test('sync steps: the incremented counter survives an LRU eviction; the idle one goes', () => {
  const store = WorkersStore.create({ maxEntries: 16 });
  const steps = syncSteps(store)!;
  const limits: Limits = { maxEntries: 2, evict: 'lru' };
  const [a, b, c] = ['a', 'b', 'c'].map((k) => encodeKey(k));
  steps.put('lru', [{ key: a!, value: 0 }], 'set', limits);
  steps.put('lru', [{ key: b!, value: 0 }], 'set', limits);
  assert.deepEqual(steps.updateCounter('lru', a!, [{ incr: 1 }], {}, limits), [1]);
  assert.deepEqual(steps.updateCounter('lru', a!, [{ incr: 1 }], {}, limits), [2]); // cached
  steps.put('lru', [{ key: c!, value: 0 }], 'set', limits);
  assert.deepEqual(
    [a, b, c].map((k) => steps.get('lru', k!)),
    [2, undefined, 0],
  );
  store.close();
});
