// A thread remembers where the counters it increments live (slot + generation). The slot word
// carries only 9 bits of generation, so after 512 rebindings a slot can hold, for another key,
// the very word this thread last wrote for its counter. The remembered META cell (generation +
// binding stamp) tells them apart: the increment goes to the right key, never into the slot's
// new owner. Built deterministically in one thread: two keys with the same home slot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeKey } from '../../src/keys.js';
import { syncSteps } from '../../src/store/sync.js';
import { WorkersStore } from '../../src/workers/index.js';
import { fnv1a, geometry, views } from '../../src/workers/layout.js';

/** The home slot of `key` in `table` (the store's key bytes: u16 length, name, encoded key). */
function home(store: WorkersStore, table: string, key: string): number {
  const name = Buffer.from(table, 'utf8');
  const bytes = Buffer.concat([
    Buffer.from([0, name.length]),
    name,
    Buffer.from(encodeKey(key), 'latin1'),
  ]);
  return fnv1a(bytes) & (geometry(store.handle).slots - 1);
}

test('after 512 rebindings of its slot, a remembered counter still never lands in the new owner', () => {
  const store = WorkersStore.create({ maxEntries: 4 }); // 16 slots
  const steps = syncSteps(store)!;
  const v = views(store.handle.buffer, store.handle);
  const s = home(store, 't', 'k');
  let other = 0;
  while (home(store, 't', `f${other}`) !== s) other++;
  const k = encodeKey('k');
  const f = encodeKey(`f${other}`);
  const put = (key: string, value: number) => steps.put('t', [{ key, value }], 'set', {});

  put(k, 6);
  assert.deepEqual(steps.updateCounter('t', k, [{ incr: 1 }], {}, {}), [7]); // remembered: slot s
  const word = Atomics.load(v.W, s);
  const gen = Atomics.load(v.META, s) & 511;
  steps.delete('t', k);
  steps.clear('sweep'); // a clear sweeps: the slot of the deleted key is unbound
  let bindings = 0;
  do {
    put(f, 0); // binds slot s to the other key: a new generation
    bindings++;
    if ((Atomics.load(v.META, s) & 511) === gen) break;
    steps.delete('t', f);
    steps.clear('sweep');
  } while (bindings < 1_000);
  assert.equal(bindings, 512);
  put(f, 7);
  assert.equal(Atomics.load(v.W, s), word, 'the slot holds the exact word remembered for k');

  assert.deepEqual(steps.updateCounter('t', k, [{ incr: 1 }], { default: 0 }, {}), [1]);
  assert.equal(steps.get('t', f), 7);
  assert.equal(steps.get('t', k), 1);
  store.close();
});

test('a remembered counter that was deleted, or replaced by a value with a TTL, is not incremented', () => {
  const store = WorkersStore.create({ maxEntries: 8 });
  const steps = syncSteps(store)!;
  const k = encodeKey('k');
  const one = [{ incr: 1 }];
  steps.put('t', [{ key: k, value: 1 }], 'set', {});
  assert.deepEqual(steps.updateCounter('t', k, one, {}, {}), [2]);
  steps.delete('t', k);
  assert.throws(() => steps.updateCounter('t', k, one, {}, {}), { code: 'ERR_NOT_FOUND' });
  assert.equal(steps.get('t', k), undefined);
  steps.put('t', [{ key: k, value: 10, ttlMs: 60_000 }], 'set', {});
  assert.deepEqual(steps.updateCounter('t', k, one, {}, {}), [11]);
  assert.equal(store.stats().valueBlocks, 1); // still a block, with its TTL
  store.close();
});
