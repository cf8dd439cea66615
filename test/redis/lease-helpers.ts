/**
 * Helpers of the lease tests: polling waits (no fixed sleeps), and a client wrapper that can
 * break (every call fails like a lost connection) or delay replies.
 */
import type { Redis } from 'ioredis';

/** Polls `check` every 5 ms until it holds (hang guard: 20 s). */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what = 'condition',
): Promise<void> {
  const stop = performance.now() + 20_000;
  while (!(await check())) {
    if (performance.now() > stop) throw new Error(`waitUntil: ${what} never held`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** An ioredis-shaped client over `real` that can fail or delay script calls. */
export class FlakyClient {
  broken = false;
  /** Delay of the next script replies, one entry per call (shifted). */
  readonly delays: number[] = [];
  calls = 0;
  constructor(readonly real: Redis) {}

  async #call<T>(run: () => Promise<T>): Promise<T> {
    this.calls++;
    if (this.broken) throw new Error('connect ECONNREFUSED 127.0.0.1:1 (simulated)');
    const result = await run();
    const delay = this.delays.shift();
    if (delay !== undefined) await new Promise((r) => setTimeout(r, delay));
    return result;
  }

  evalsha(sha: string, numKeys: number, ...rest: (string | number)[]): Promise<unknown> {
    return this.#call(() => this.real.evalsha(sha, numKeys, ...rest));
  }

  eval(source: string, numKeys: number, ...rest: (string | number)[]): Promise<unknown> {
    return this.#call(() => this.real.eval(source, numKeys, ...rest));
  }
}
