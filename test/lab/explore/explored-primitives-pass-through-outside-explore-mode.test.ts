// Outside explore mode (no actor context) the explored store, locks, deferred and yieldPoint
// behave exactly like the raceless primitives they wrap: no points, same results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ExploreDeferred,
  ExploreKeyedMutex,
  ExploreMutex,
  ExploreSemaphore,
  ExploringStore,
  yieldPoint,
} from '../../../src/lab/index.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { Mutex } from '../../../src/sync/Mutex.js';
import { Table } from '../../../src/table/Table.js';

test('a Table on an ExploringStore works as on its inner store', async () => {
  const inner = new MemoryStore();
  const t = new Table<number>('t', { store: new ExploringStore(inner) });
  assert.equal(t.store.backend, 'memory');
  await Promise.all(Array.from({ length: 50 }, () => t.updateCounter('n', 1, { default: 0 })));
  assert.equal(await t.get('n'), 50);
  assert.equal(await t.update('n', (v) => (v ?? 0) + 1), 51);
  assert.equal(await new Table<number>('t', { store: inner }).get('n'), 51);
});

test('locks keep mutual exclusion and FIFO; releasers stay idempotent', async () => {
  const mutex = new ExploreMutex();
  assert.ok(mutex instanceof Mutex);
  let inside = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: 10 }, () =>
      mutex.runExclusive(async () => {
        peak = Math.max(peak, ++inside);
        await new Promise((r) => setImmediate(r));
        inside--;
      }),
    ),
  );
  assert.equal(peak, 1);
  const release = await mutex.acquire();
  assert.equal(mutex.isLocked(), true);
  await release();
  await release();
  assert.equal(mutex.isLocked(), false);

  const sem = new ExploreSemaphore(2);
  assert.equal(await sem.withPermits(2, () => sem.available), 0);
  assert.equal(sem.available, 2);
  const keyed = new ExploreKeyedMutex<string>();
  assert.equal(await keyed.runExclusiveMany(['a', 'b'], () => keyed.size), 2);
  assert.equal(keyed.size, 0);
});

test('deferred and yieldPoint', async () => {
  const d = new ExploreDeferred<number>();
  assert.equal(await d.resolve(1), true);
  assert.equal(await d.resolve(2), false);
  assert.equal(d.lateSettleAttempts, 1);
  assert.equal(await d.wait(), 1);
  assert.equal(d.state, 'resolved');
  await yieldPoint('anything');
  assert.throws(() => yieldPoint('has.dot'), { code: 'ERR_INVALID_ARGUMENT', argument: 'label' });
});
