/**
 * Across worker threads: the workers store's counter and limiter decisions from 2 workers, as a
 * ratio of raw `Atomics.add` on one shared cell from 2 workers (the physical limit), in one run.
 * The synchronous counter row (`Table#sync`) is left out when the built Table has no `sync`.
 */
import { Worker } from 'node:worker_threads';
import { WorkersStore } from 'raceless/workers';
import type { Budget, Row } from '../lib.js';

type Kind = 'atomics-add' | 'counter' | 'sync-counter' | 'counter-step' | 'limiter';

/** Total ops/s of `workers` workers running `ops` steps each, or undefined when they skipped. */
async function run(
  kind: Kind,
  workers: number,
  ops: number,
  handle?: unknown,
): Promise<number | undefined> {
  const control = new SharedArrayBuffer(64);
  const url = new URL('../workers/worker.mjs', import.meta.url);
  const times = await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<number | undefined>((resolve, reject) => {
          const w = new Worker(url, { workerData: { kind, ops, control, handle, workers } });
          w.once('message', (m: { ms?: number }) => resolve(m.ms));
          w.once('error', reject);
        }),
    ),
  );
  if (times.some((t) => t === undefined)) return undefined;
  return (workers * ops * 1000) / Math.max(...(times as number[]));
}

export async function workersComparisons(budget: Budget): Promise<Row[]> {
  const workers = 2;
  const ops = budget === 'full' ? 200_000 : 2_000;
  const store = WorkersStore.create({ maxEntries: 1_024 });
  const row = (group: string, raceless: string, ops: number, raw: number, target?: number) => ({
    group,
    raceless,
    peer: 'raw Atomics.add on one cell',
    racelessOps: ops,
    peerOps: raw,
    ratio: ops / raw,
    ...(target === undefined ? {} : { target, met: ops / raw >= target }),
  });
  try {
    const raw = (await run('atomics-add', workers, ops * 50))!;
    const counter = (await run('counter', workers, ops, store.handle))!;
    const syncCounter = await run('sync-counter', workers, ops * 10, store.handle);
    const step = (await run('counter-step', workers, ops * 10, store.handle))!;
    const limiter = (await run('limiter', workers, ops, store.handle))!;
    const rows: Row[] = [
      row(
        'workers counter, 2 workers, one key',
        'Table.updateCounter (WorkersStore)',
        counter,
        raw,
        0.5,
      ),
    ];
    if (syncCounter === undefined) {
      console.log('workers sync counter: skipped (this build of Table has no `sync`)');
    } else {
      rows.push(
        row(
          'workers sync counter, 2 workers, one key',
          'Table.sync.updateCounter (WorkersStore)',
          syncCounter,
          raw,
          0.5,
        ),
      );
    }
    rows.push(
      row(
        'workers sync counter step, 2 workers, one key',
        'WorkersStore sync step updateCounter (no Table, key pre-encoded)',
        step,
        raw,
      ),
      row(
        'workers limiter, 2 workers, one key',
        'RateLimiter.consume (WorkersStore)',
        limiter,
        raw,
      ),
    );
    return rows;
  } finally {
    store.close();
  }
}
