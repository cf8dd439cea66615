/**
 * Effect #6910: taking the permit and registering its release are two steps; an abort that lands
 * between them leaves the permit taken with nobody to return it.
 */
import { AbortedError } from '../../src/errors.js';

export class SplitAcquireSemaphore {
  available: number;
  readonly #queue: (() => void)[] = [];

  constructor(capacity: number) {
    this.available = capacity;
  }

  async withPermit<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new AbortedError();
    if (this.available > 0) this.available--;
    else await new Promise<void>((resolve) => this.#queue.push(resolve));
    // Step 2 happens later; an abort in between throws before the release is registered.
    if (signal?.aborted) throw new AbortedError();
    try {
      return await fn();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.available++;
    }
  }
}
