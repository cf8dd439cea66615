// A worker for the stress tests: attaches to the store from its handle and runs one task.
import { parentPort, workerData } from 'node:worker_threads';
import { ContentionError } from '../../src/errors.js';
import { encodeKey } from '../../src/keys.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { syncSteps } from '../../src/store/sync.js';
import { Table } from '../../src/table/Table.js';
import { WorkersStore, type WorkersStoreHandle } from '../../src/workers/index.js';
import { naiveAdmit, naiveClaim, naiveIncrement } from '../naive/naiveSharedCells.js';

export interface Job {
  readonly task:
    | 'counter'
    | 'naive-counter'
    | 'admit'
    | 'naive-admit'
    | 'claim'
    | 'naive-claim'
    | 'hammer'
    | 'bulk'
    | 'sync-wait'
    | 'sync-counter'
    | 'mixed-counter'
    | 'churn';
  readonly handle: WorkersStoreHandle;
  /** Control cells: [0] barrier, [1..] naive cells / acks. */
  readonly control: SharedArrayBuffer;
  readonly id: number;
  readonly workers: number;
  readonly n: number;
  readonly rounds: number;
  /** churn: increments per incrementer after the last re-insert. */
  readonly m?: number;
}

const job = workerData as Job;
const ctl = new Int32Array(job.control);
const BARRIER = 0;
const CELLS = 1;

/** All workers start each round together: spin briefly (so several run at once), then sleep. */
function barrier(round: number): void {
  const target = job.workers * (round + 1);
  Atomics.add(ctl, BARRIER, 1);
  for (let spin = 0; Atomics.load(ctl, BARRIER) < target; spin++) {
    if (spin > 200_000) Atomics.wait(ctl, BARRIER, Atomics.load(ctl, BARRIER), 1);
  }
  Atomics.notify(ctl, BARRIER);
}

/** A second barrier, on the last control cell: every worker calls it the same number of times. */
const GATE = 4_095;
let gates = 0;
function gate(): void {
  const target = job.workers * ++gates;
  Atomics.add(ctl, GATE, 1);
  for (let spin = 0; Atomics.load(ctl, GATE) < target; spin++) {
    if (spin > 200_000) Atomics.wait(ctl, GATE, Atomics.load(ctl, GATE), 1);
  }
  Atomics.notify(ctl, GATE);
}

async function run(): Promise<unknown> {
  const store = WorkersStore.attach(job.handle);
  try {
    switch (job.task) {
      case 'counter': {
        const t = new Table<number>('s01', { store });
        barrier(0);
        const t0 = performance.now();
        for (let i = 0; i < job.n; i++) await t.updateCounter('hits', 1, { default: 0 });
        return { ms: performance.now() - t0 };
      }
      case 'naive-counter': {
        barrier(0);
        for (let i = 0; i < job.n; i++) naiveIncrement(ctl, CELLS);
        return {};
      }
      case 'admit': {
        const limiter = new RateLimiter('s03', {
          store,
          algorithm: 'token-bucket',
          limit: 5,
          windowMs: 3_600_000,
          refill: 1,
        });
        const admitted: number[] = [];
        for (let r = 0; r < job.rounds; r++) {
          barrier(r);
          let ok = 0;
          for (let i = 0; i < job.n; i++) if ((await limiter.consume(`key-${r}`)).allowed) ok++;
          admitted.push(ok);
        }
        return { admitted };
      }
      case 'naive-admit': {
        const admitted: number[] = [];
        for (let r = 0; r < job.rounds; r++) {
          barrier(r);
          let ok = 0;
          for (let i = 0; i < job.n; i++) if (naiveAdmit(ctl, CELLS + r, 5, gate)) ok++;
          admitted.push(ok);
        }
        return { admitted };
      }
      case 'claim': {
        const t = new Table<number>('s05', { store });
        const won: number[] = [];
        for (let r = 0; r < job.rounds; r++) {
          barrier(r);
          won.push((await t.insertNew(['lock', r], job.id)) ? 1 : 0);
        }
        return { won };
      }
      case 'naive-claim': {
        const won: number[] = [];
        for (let r = 0; r < job.rounds; r++) {
          barrier(r);
          won.push(naiveClaim(ctl, CELLS + r, job.id + 1, gate) ? 1 : 0);
        }
        return { won };
      }
      case 'hammer':
        return await hammer(store);
      case 'sync-counter':
      case 'mixed-counter': {
        // sync-counter: every increment through the sync step; mixed: every other one async.
        const inc = increment(store, 'sync-counter', 'hits');
        barrier(0);
        for (let i = 0; i < job.n; i++) await inc(job.task === 'sync-counter' || i % 2 === 0);
        return { contended: inc.contended };
      }
      case 'churn':
        return job.id === 0 ? await churner(store) : await churnIncrementer(store);
      case 'sync-wait': {
        // Creates an entry through the sync step while another thread holds the write section.
        const steps = syncSteps(store)!;
        const key = encodeKey('k');
        try {
          steps.put('wait', [{ key, value: 1 }], 'set', {});
          return { name: 'none', code: 'none', written: true };
        } catch (err) {
          const e = err as { name: string; code: string };
          return { name: e.name, code: e.code, written: steps.get('wait', key) !== undefined };
        }
      }
      case 'bulk': {
        // Long write steps (job.n keys each): a terminate() lands inside one most of the time.
        const t = new Table<number>('bulk', { store });
        for (let i = 0; ; i++) {
          await t.setMany(Array.from({ length: job.n }, (_, k) => [k, i] as [number, number]));
          Atomics.add(ctl, CELLS + job.id, 1);
          await t.clear();
        }
      }
    }
  } finally {
    store.close();
  }
}

/**
 * An increment of `key` in `table` with a default of 0, through the sync step (retried when it
 * reports ContentionError: it wrote nothing) or through the async Table method.
 */
function increment(store: WorkersStore, table: string, key: string) {
  const steps = syncSteps(store)!;
  const t = new Table<number>(table, { store });
  const encoded = encodeKey(key);
  const one = [{ incr: 1 }];
  const create = { default: 0 };
  const inc = async (sync: boolean): Promise<number> => {
    if (!sync) return t.updateCounter(key, 1, { default: 0 });
    for (;;) {
      try {
        return steps.updateCounter(table, encoded, one, create, {})[0]!;
      } catch (err) {
        if (!(err instanceof ContentionError)) throw err;
        inc.contended++;
      }
    }
  };
  inc.contended = 0;
  return inc;
}

/** ctl cells of the churn task: incrementers done with phase A, with phase B. */
const DONE_A = CELLS;
const DONE_B = CELLS + 1;
const FILLERS = 8;

/**
 * Churn, worker 0: while the others increment 'k' (table churn-k), it takes / deletes / re-inserts
 * 'k', gives it short TTLs, and makes other keys (table churn-f) take over freed slots, checking
 * that no increment ever lands in them. Phase A (take only): every increment is accounted for.
 * Phase B adds deletes and expiry. Phase C: after the last re-insert, the count is exact.
 */
async function churner(store: WorkersStore): Promise<unknown> {
  const k = new Table<number>('churn-k', { store });
  const f = new Table<number>('churn-f', { store });
  const incrementers = job.workers - 1;
  let taken = 0;
  let strays = 0;
  let iterations = 0;
  const fillers = async (i: number) => {
    for (let j = 0; j < FILLERS; j++) await f.set(['f', j], i * FILLERS + j);
    for (let j = 0; j < FILLERS; j++) if ((await f.take(['f', j])) !== i * FILLERS + j) strays++;
    await f.clear(); // a clear sweeps: freed slots are unbound and get rebound
  };
  barrier(0);
  while (Atomics.load(ctl, DONE_A) < incrementers) {
    taken += (await k.take('k')) ?? 0;
    await fillers(iterations++);
  }
  barrier(1);
  taken += (await k.take('k')) ?? 0;
  barrier(2);
  while (Atomics.load(ctl, DONE_B) < incrementers) {
    if (iterations % 3 === 0) await k.set('k', 0, { ttlMs: 1 });
    else await k.delete('k');
    await fillers(iterations++);
  }
  barrier(3);
  await k.set('k', 0); // the last re-insert
  for (let j = 0; j < FILLERS; j++) await f.set(['g', j], 1_000 + j);
  barrier(4);
  barrier(5);
  const final = await k.get('k');
  for (let j = 0; j < FILLERS; j++) if ((await f.get(['g', j])) !== 1_000 + j) strays++;
  return { taken, final, strays, iterations };
}

async function churnIncrementer(store: WorkersStore): Promise<unknown> {
  const inc = increment(store, 'churn-k', 'k');
  barrier(0);
  for (let i = 0; i < job.n; i++) await inc(i % 2 === 0);
  Atomics.add(ctl, DONE_A, 1);
  barrier(1);
  barrier(2);
  for (let i = 0; i < job.n; i++) await inc(i % 2 === 0);
  Atomics.add(ctl, DONE_B, 1);
  barrier(3);
  barrier(4);
  for (let i = 0; i < job.m!; i++) await inc(i % 2 === 0);
  barrier(5);
  return { contended: inc.contended };
}

/**
 * Until terminated: all-or-nothing pair writes, counters acknowledged after each step, inserts
 * and deletes, TTL writes, a rate limiter. ctl[CELLS + id] counts acknowledged increments.
 */
async function hammer(store: WorkersStore): Promise<unknown> {
  const pairs = new Table<number>('pairs', { store });
  const counters = new Table<number>('counters', { store });
  const churn = new Table<{ by: number; i: number }>('churn', {
    store,
    maxEntries: 64,
    evict: 'lru',
  });
  const limiter = new RateLimiter('hammer', { store, limit: 1_000, windowMs: 1_000 });
  for (let i = 0; ; i++) {
    try {
      await counters.updateCounter(['c', job.id], 1, { default: 0 });
      Atomics.add(ctl, CELLS + job.id, 1);
      const p = i % 8;
      await pairs.setMany([
        [['a', p], i],
        [['b', p], i],
      ]);
      await churn.set([job.id, i % 200], { by: job.id, i }, { ttlMs: 50 });
      if (i % 3 === 0) await churn.delete([job.id, (i + 100) % 200]);
      await pairs.insertNewMany([
        [['x', job.id, i % 50], i],
        [['y', job.id, i % 50], i],
      ]);
      if (i % 2 === 0) {
        // Remove one x/y pair in one atomic step.
        const j = (i + 25) % 50;
        await pairs.selectDelete({
          and: [
            { keyAt: 1, eq: job.id },
            { keyAt: 2, eq: j },
            {
              or: [
                { keyAt: 0, eq: 'x' },
                { keyAt: 0, eq: 'y' },
              ],
            },
          ],
        });
      }
      await limiter.consume(job.id);
      if (i % 97 === 0) await churn.selectDelete({ field: 'by', eq: job.id });
    } catch (err) {
      // Only a thread declared dead while stalled inside a write step sees this.
      if ((err as { code?: string }).code !== 'ERR_STORE_UNAVAILABLE') throw err;
    }
  }
}

run().then(
  (result) => parentPort!.postMessage({ ok: true, result }),
  (err: unknown) =>
    parentPort!.postMessage({ ok: false, error: String((err as Error)?.stack ?? err) }),
);
