/**
 * S19 — a slow call blocks the serialising server; a timeout bounds the wait but must not free
 * the permit while the work runs (seed 004 #4, residual). In-process.
 *
 * A holder of key A is stuck (until the lab lets it go) while 10 callers work on other keys; then,
 * on a capacity-1 resource, a call times out while its work still runs, and 2 more calls come.
 * - naive: one lock for every key (the serialising server), and a timeout that releases the
 *   permit when it fires (the work goes on).
 * - raceless: `KeyedMutex` (a slow A never delays B) and `Semaphore#withPermits` with
 *   `timeoutMs` bounding only the wait: the permit returns when the work settles.
 * Expected: all other keys done while A is held; never more than 1 running at capacity 1.
 */

import { KeyedMutex } from '../../sync/KeyedMutex.js';
import { Mutex } from '../../sync/Mutex.js';
import { Semaphore } from '../../sync/Semaphore.js';
import type { LocalScenario } from '../types.js';
import { io } from './util.js';

/** Parameters of S19. */
export interface S19Params {
  readonly others: number;
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await io();
};

async function keysPart(naive: boolean, others: number): Promise<number> {
  const global = new Mutex();
  const keyed = new KeyedMutex<string>();
  const run = (key: string, fn: () => Promise<void>) =>
    naive ? global.runExclusive(fn) : keyed.runExclusive(key, fn);
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const holder = run('A', () => gate);
  let done = 0;
  const rest = Array.from({ length: others }, (_, i) =>
    run(`B${i}`, async () => {
      await io();
      done++;
    }),
  );
  await turns(20); // plenty of turns for the other keys
  const whileHeld = done;
  release();
  await Promise.all([holder, ...rest]);
  return whileHeld;
}

async function permitPart(naive: boolean): Promise<number> {
  let running = 0;
  let peak = 0;
  const work = async (ms: number) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, ms));
    running--;
  };
  const sem = new Semaphore(1);
  // naive: the permit is released when the timeout fires, whatever the work is doing
  const naiveRun = async (ms: number, timeoutMs: number) => {
    const release = await sem.acquire(1);
    const timer = new Promise<void>((r) => setTimeout(r, timeoutMs));
    const job = work(ms);
    await Promise.race([job, timer]);
    release();
    await job.catch(() => {});
  };
  const calls = [
    { ms: 30, timeoutMs: 5 },
    { ms: 5, timeoutMs: 100 },
    { ms: 5, timeoutMs: 100 },
  ];
  await Promise.allSettled(
    calls.map((c) =>
      naive
        ? naiveRun(c.ms, c.timeoutMs)
        : sem.withPermits(1, () => work(c.ms), { timeoutMs: c.timeoutMs }),
    ),
  );
  return peak;
}

/** S19, in-process. */
export const s19: LocalScenario<S19Params> = {
  kind: 'local',
  id: 'S19',
  title: 'slow holder of A never delays B; timeout never frees a busy permit',
  params: () => ({ others: 10 }),
  async run(variant, p) {
    const naive = variant === 'naive';
    const whileHeld = await keysPart(naive, p.others);
    const peak = await permitPart(naive);
    return {
      expected: `${p.others} others done while A held · peak 1 at capacity 1`,
      observed: `${whileHeld} others done while A held · peak ${peak} at capacity 1`,
      exact: whileHeld === p.others && peak === 1,
      detail: `A held by a stuck holder; ${p.others} callers on other keys`,
    };
  },
};
