// A synchronous step never blocks forever on another thread's write section: while a LIVE
// thread holds it (simulated here by writing the lock cell for an attached twin instance), the
// step retries for SYNC_WAIT_MS — spinning on the main thread, Atomics.wait in a worker — then
// throws ContentionError having written nothing. The lock-free increment of an existing
// counter needs no lock and still works. Once the holder is dead, the next sync step takes the
// section over (its half-done step discarded) and succeeds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContentionError } from '../../src/errors.js';
import { encodeKey } from '../../src/keys.js';
import { syncSteps } from '../../src/store/sync.js';
import { WorkersStore } from '../../src/workers/index.js';
import {
  H_LOCK,
  H_RECOVERIES,
  lockCell,
  lockedWord,
  P_ACTIVE,
  P_FREE,
  SEQ_MASK,
  seqOf,
  views,
} from '../../src/workers/layout.js';
import { start } from './spawn.js';

/** Attaches a twin and makes its (live) registry cell the owner of an ACTIVE write section. */
function holdWriteSection(store: WorkersStore): { twin: WorkersStore; seq: number } {
  const v = views(store.handle.buffer, store.handle);
  const before = Array.from(v.reg, (hb) => hb !== 0n);
  const twin = WorkersStore.attach(store.handle);
  const owner = Array.from(v.reg, (hb) => hb !== 0n).findIndex((used, r) => used && !before[r]);
  const l = Atomics.load(v.hdr, H_LOCK);
  const seq = (seqOf(l) + 1) & SEQ_MASK || 1;
  assert.equal(
    Atomics.compareExchange(v.hdr, H_LOCK, l, lockCell(P_ACTIVE, owner, seq)),
    l,
    'the section was free',
  );
  return { twin, seq };
}

test('main thread: ContentionError while a live thread holds the section; takeover once it is dead', () => {
  const store = WorkersStore.create({ maxEntries: 16 });
  const v = views(store.handle.buffer, store.handle);
  const steps = syncSteps(store)!;
  const [k1, k2] = [encodeKey('k1'), encodeKey('k2')];
  steps.put('t', [{ key: k1, value: 1 }], 'set', {});
  const { twin, seq } = holdWriteSection(store);

  // Creating an entry needs the section.
  assert.throws(
    () => steps.put('t', [{ key: k2, value: 2 }], 'set', {}),
    (e: unknown) => e instanceof ContentionError && e.code === 'ERR_CONTENTION',
  );
  assert.throws(() => steps.size('t'), ContentionError);
  // Incrementing an existing counter does not.
  assert.deepEqual(steps.updateCounter('t', k1, [{ incr: 1 }], {}, {}), [2]);

  // The holder's transaction locks k1's slot too: lock-free steps on k1 must wait for it.
  const slot = Array.from(v.W).findIndex((w) => (w & 1n) === 1n); // the only inline integer
  const saved = Atomics.load(v.W, slot);
  Atomics.store(v.SAV, slot, saved);
  Atomics.store(v.SSEQ, slot, seq);
  Atomics.store(v.W, slot, lockedWord(seq, false));
  assert.throws(() => steps.get('t', k1), ContentionError);
  assert.throws(() => steps.updateCounter('t', k1, [{ incr: 1 }], {}, {}), ContentionError);

  twin.close(); // the holder is dead now
  assert.equal(steps.get('t', k1), 2); // takes the section over, restores k1's slot
  assert.equal(Atomics.load(v.hdr, H_RECOVERIES), 1n);
  assert.deepEqual(steps.updateCounter('t', k1, [{ incr: 1 }], {}, {}), [3]);
  steps.put('t', [{ key: k2, value: 2 }], 'set', {});
  assert.equal(steps.size('t'), 2);
  assert.equal(store.stats().lockedSlots, 0);
  store.close();
});

test('worker thread: ContentionError (Atomics.wait path) while the main thread holds the section', async () => {
  const store = WorkersStore.create({ maxEntries: 16 });
  const v = views(store.handle.buffer, store.handle);
  const { twin, seq } = holdWriteSection(store); // twin lives on this (main) thread
  const control = new SharedArrayBuffer(4 * 4_096);
  const run = start({
    task: 'sync-wait',
    handle: store.handle,
    control,
    id: 0,
    workers: 1,
    n: 1,
    rounds: 0,
  });
  try {
    const result = (await run.done) as { code: string; name: string; written: boolean };
    assert.deepEqual(result, { name: 'ContentionError', code: 'ERR_CONTENTION', written: false });
  } finally {
    await run.worker.terminate();
  }
  Atomics.store(v.hdr, H_LOCK, lockCell(P_FREE, -1, seq)); // released
  assert.equal(syncSteps(store)!.get('wait', encodeKey('k')), undefined);
  twin.close();
  store.close();
});
