/**
 * Multi-process stress tests: starts real child processes (Node + tsx, `child.ts`) that hammer
 * one loopback Redis, each on its own clients, and collects the JSON each prints as its last
 * `RESULT` line. Children meet at barriers through Redis (`barrier`), so their phases start
 * together however long each took to boot.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

/** Child processes per stress test (at least 4). */
export const PROCESSES = 4;

/** What a child receives (as its one argv JSON). */
export interface ChildJob {
  readonly scenario: string;
  readonly id: number;
  readonly processes: number;
  readonly prefix: string;
  readonly params: Record<string, unknown>;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const HANG_MS = 120_000;

/** Runs one child; resolves with its RESULT, rejects with its stderr on failure. */
function runChild<R>(job: ChildJob): Promise<R> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(guard);
      const line = out
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('RESULT '));
      if (code === 0 && line !== undefined) resolve(JSON.parse(line.slice(7)) as R);
      else reject(new Error(`child ${job.id} (${job.scenario}) exited ${code}: ${err || out}`));
    });
  });
}

/** Runs `processes` children of `scenario` at once; their results in id order. */
export function runProcesses<R>(
  scenario: string,
  prefix: string,
  params: Record<string, unknown> = {},
  processes = PROCESSES,
): Promise<R[]> {
  return Promise.all(
    Array.from({ length: processes }, (_, id) =>
      runChild<R>({ scenario, id, processes, prefix, params }),
    ),
  );
}

/**
 * A barrier through Redis: INCR `key`, then poll until it reaches `n` (hang-guarded, never timed
 * as an assertion). Every process that returns from it knows all `n` have arrived.
 */
export async function barrier(client: Redis, key: string, n: number): Promise<void> {
  let seen = await client.incr(key);
  if (seen === 1) await client.pexpire(key, 600_000);
  const stop = performance.now() + HANG_MS;
  while (seen < n) {
    if (performance.now() > stop) throw new Error(`barrier ${key}: ${seen} of ${n} arrived`);
    await new Promise((r) => setTimeout(r, 2));
    seen = Number(await client.get(key));
  }
}

/** Runs `count` calls of `fn` on `lanes` concurrent lanes (index order within a lane). */
export async function lanes(
  count: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}

/** `12345` → `12,345`. */
export const fmt = (n: number): string => n.toLocaleString('en-US');
