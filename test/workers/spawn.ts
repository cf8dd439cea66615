// Starts stress-test workers (TypeScript through tsx) and collects their results.
import { Worker } from 'node:worker_threads';
import type { Job } from './worker.js';

/** Workers per stress test: 2–4 on a small machine (RACELESS_STRESS_WORKERS, default 4). */
export const WORKERS = Math.max(2, Number(process.env.RACELESS_STRESS_WORKERS ?? 4));

export interface Running {
  readonly worker: Worker;
  readonly done: Promise<unknown>;
}

/** Starts one worker on `job`; `done` resolves with its result, rejects with its error. */
export function start(job: Job): Running {
  const worker = new Worker(new URL('./boot.mjs', import.meta.url), { workerData: job });
  const done = new Promise<unknown>((resolve, reject) => {
    worker.once('message', (m: { ok: boolean; result?: unknown; error?: string }) =>
      m.ok ? resolve(m.result) : reject(new Error(m.error)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code}`)));
  });
  return { worker, done };
}

/** Runs `workers` copies of a job (ids 0..workers-1) and returns their results in id order. */
export async function runAll<R>(
  job: Omit<Job, 'id' | 'workers' | 'control'> & { control?: SharedArrayBuffer },
  workers = WORKERS,
): Promise<R[]> {
  const control = job.control ?? new SharedArrayBuffer(4 * 4_096);
  const running = Array.from({ length: workers }, (_, id) =>
    start({ ...job, control, id, workers } as Job),
  );
  try {
    return (await Promise.all(running.map((r) => r.done))) as R[];
  } finally {
    await Promise.all(running.map((r) => r.worker.terminate()));
  }
}
