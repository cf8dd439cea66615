/**
 * Across worker threads: the workers store's counter and limiter decisions from 2 workers, as a
 * ratio of raw `Atomics.add` on one shared cell from 2 workers (the physical limit), in one run.
 */
import { Worker } from 'node:worker_threads';
import { WorkersStore } from 'raceless/workers';
import type { Budget, Row } from '../lib.js';

type Kind = 'atomics-add' | 'counter' | 'limiter';

async function run(kind: Kind, workers: number, ops: number, handle?: unknown): Promise<number> {
  const control = new SharedArrayBuffer(64);
  const url = new URL('../workers/worker.mjs', import.meta.url);
  const times = await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<number>((resolve, reject) => {
          const w = new Worker(url, { workerData: { kind, ops, control, handle, workers } });
          w.once('message', (m: { ms: number }) => resolve(m.ms));
          w.once('error', reject);
        }),
    ),
  );
  return (workers * ops * 1000) / Math.max(...times);
}

export async function workersComparisons(budget: Budget): Promise<Row[]> {
  const workers = 2;
  const ops = budget === 'full' ? 200_000 : 2_000;
  const store = WorkersStore.create({ maxEntries: 1_024 });
  try {
    const raw = await run('atomics-add', workers, ops * 50);
    const counter = await run('counter', workers, ops, store.handle);
    const limiter = await run('limiter', workers, ops, store.handle);
    return [
      {
        group: 'workers counter, 2 workers, one key',
        raceless: 'Table.updateCounter (WorkersStore)',
        peer: 'raw Atomics.add on one cell',
        racelessOps: counter,
        peerOps: raw,
        ratio: counter / raw,
        target: 0.5,
        met: counter / raw >= 0.5,
      },
      {
        group: 'workers limiter, 2 workers, one key',
        raceless: 'RateLimiter.consume (WorkersStore)',
        peer: 'raw Atomics.add on one cell',
        racelessOps: limiter,
        peerOps: raw,
        ratio: limiter / raw,
      },
    ];
  } finally {
    store.close();
  }
}
