// A benchmark worker: waits at a barrier, runs `ops` operations of one kind, reports its time.
// Plain JavaScript on the built package (dist/), as users run it.
import { parentPort, workerData } from 'node:worker_threads';
import { RateLimiter, Table } from '../../dist/index.js';
import { encodeKey } from '../../dist/keys.js';
import { syncSteps } from '../../dist/store/sync.js';
import { WorkersStore } from '../../dist/workers/index.js';

const { kind, ops, control, handle } = workerData;
const ctl = new Int32Array(control);

function barrier(n) {
  Atomics.add(ctl, 0, 1);
  while (Atomics.load(ctl, 0) < n) Atomics.wait(ctl, 0, Atomics.load(ctl, 0), 1);
  Atomics.notify(ctl, 0);
}

let store;
let step;
let sync = true;
if (kind === 'atomics-add') {
  const cell = new BigInt64Array(control, 8, 1);
  step = () => Atomics.add(cell, 0, 1n);
} else {
  store = WorkersStore.attach(handle);
  if (kind === 'counter') {
    const t = new Table('bench', { store });
    step = () => t.updateCounter('hits', 1, { default: 0 });
    sync = false;
  } else if (kind === 'sync-counter') {
    const t = new Table('bench', { store });
    // Table#sync lands in another branch; until then this row is skipped.
    if (t.sync !== undefined) step = () => t.sync.updateCounter('hits', 1, { default: 0 });
  } else if (kind === 'counter-step') {
    // The store's registered synchronous step alone (what Table#sync calls), key pre-encoded.
    const steps = syncSteps(store);
    const key = encodeKey('hits');
    const list = [{ incr: 1 }];
    const create = { default: 0 };
    const limits = {};
    step = () => steps.updateCounter('bench', key, list, create, limits);
  } else {
    const l = new RateLimiter('bench', {
      store,
      algorithm: 'fixed-window',
      limit: 1_000_000_000,
      windowMs: 60_000,
    });
    step = () => l.consume('k');
    sync = false;
  }
}
barrier(workerData.workers);
if (step === undefined) {
  store?.close();
  parentPort.postMessage({ skipped: true });
} else {
  const t0 = performance.now();
  if (sync) for (let i = 0; i < ops; i++) step();
  else for (let i = 0; i < ops; i++) await step();
  const ms = performance.now() - t0;
  store?.close();
  parentPort.postMessage({ ms });
}
