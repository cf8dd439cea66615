// S21: a long churn of short-lived keys keeps the memory store flat — no timer per key, lazy
// expiry plus bounded reclaim on every write. Scale: 100,000 writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { MemoryStore } from '../../src/store/memory.js';
import { Table } from '../../src/table/Table.js';

test('100,000 distinct keys with a 10 ms TTL, one per ms: entries stay near the live set', async () => {
  const clock = new ManualClock(0);
  const store = new MemoryStore({ clock });
  const t = new Table<number>('churn', { store });
  let maxEntries = 0;
  let maxIndex = 0;
  for (let i = 0; i < 100_000; i++) {
    await t.set(i, i, { ttlMs: 10 });
    clock.advance(1);
    const s = store.stats('churn');
    maxEntries = Math.max(maxEntries, s.entries);
    maxIndex = Math.max(maxIndex, s.expiryIndex);
  }
  // At most 10 are live at once; each write reclaims up to 16 expired, so the backlog stays small.
  assert.ok(maxEntries <= 11, `entries peaked at ${maxEntries}`);
  assert.ok(maxIndex <= 2 * maxEntries + 64, `expiry index peaked at ${maxIndex}`);
  // Written at 99,990…99,999 with a 10 ms TTL; now is 100,000, so the first of them has expired.
  assert.equal(await t.size(), 9);
});

test('rewriting one key 100,000 times with new TTLs keeps the expiry index bounded', async () => {
  const clock = new ManualClock(0);
  const store = new MemoryStore({ clock });
  const t = new Table<number>('rewrite', { store });
  let maxIndex = 0;
  for (let i = 0; i < 100_000; i++) {
    await t.set('k', i, { ttlMs: 1_000_000 + i });
    maxIndex = Math.max(maxIndex, store.stats('rewrite').expiryIndex);
  }
  assert.ok(maxIndex <= 2 * 1 + 64 + 1, `expiry index peaked at ${maxIndex}`);
  assert.equal(store.stats('rewrite').entries, 1);
});

test('without reads or writes after expiry, size() still reports the exact live count', async () => {
  const clock = new ManualClock(0);
  const t = new Table<number>('lazy', { store: new MemoryStore({ clock }) });
  await t.setMany(
    Array.from({ length: 1_000 }, (_, i) => [i, i] as [number, number]),
    { ttlMs: 5 },
  );
  await t.set('forever', 1);
  clock.advance(5);
  assert.equal(await t.size(), 1);
});
