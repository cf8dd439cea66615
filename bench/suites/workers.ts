/**
 * Across worker threads: the workers store's counter and limiter decisions from 2 workers, as a
 * ratio of raw `Atomics.add` on one shared cell from 2 workers (the physical limit), in one run.
 * Each row is measured between two raw runs and repeated (see `against`). The synchronous
 * counter row (`Table#sync`) is left out when the built Table has no `sync`.
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

/**
 * One raceless side against raw `Atomics.add`, interleaved (raw, side, raw: the raw rate is the
 * mean of the two around it), `rounds` times; the round with the median ratio is kept, so a burst
 * of load from other processes during one measurement moves neither side alone.
 */
async function against(
  kind: Kind,
  ops: number,
  rawOps: number,
  rounds: number,
  handle: unknown,
): Promise<{ ops: number; raw: number } | undefined> {
  const workers = 2;
  const results: { ops: number; raw: number }[] = [];
  let before = (await run('atomics-add', workers, rawOps))!;
  for (let r = 0; r < rounds; r++) {
    const side = await run(kind, workers, ops, handle);
    if (side === undefined) return undefined;
    const after = (await run('atomics-add', workers, rawOps))!;
    results.push({ ops: side, raw: (before + after) / 2 });
    before = after;
  }
  results.sort((x, y) => x.ops / x.raw - y.ops / y.raw);
  return results[(results.length - 1) >> 1]!;
}

export async function workersComparisons(budget: Budget): Promise<Row[]> {
  const ops = budget === 'full' ? 200_000 : 2_000;
  const rounds = budget === 'full' ? 3 : 1;
  const store = WorkersStore.create({ maxEntries: 1_024 });
  const row = (
    group: string,
    raceless: string,
    m: { ops: number; raw: number },
    target?: number,
  ): Row => ({
    group,
    raceless,
    peer: 'raw Atomics.add on one cell',
    racelessOps: m.ops,
    peerOps: m.raw,
    ratio: m.ops / m.raw,
    ...(target === undefined ? {} : { target, met: m.ops / m.raw >= target }),
  });
  try {
    const h = store.handle;
    const counter = (await against('counter', ops, ops * 50, rounds, h))!;
    const syncCounter = await against('sync-counter', ops * 10, ops * 50, rounds, h);
    const step = (await against('counter-step', ops * 10, ops * 50, rounds, h))!;
    const limiter = (await against('limiter', ops, ops * 50, rounds, h))!;
    const rows: Row[] = [
      row(
        'workers counter, 2 workers, one key',
        'Table.updateCounter (WorkersStore)',
        counter,
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
          0.5,
        ),
      );
    }
    rows.push(
      row(
        'workers sync counter step, 2 workers, one key',
        'WorkersStore sync step updateCounter (no Table, key pre-encoded)',
        step,
      ),
      row('workers limiter, 2 workers, one key', 'RateLimiter.consume (WorkersStore)', limiter),
    );
    return rows;
  } finally {
    store.close();
  }
}
