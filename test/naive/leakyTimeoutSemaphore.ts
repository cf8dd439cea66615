/**
 * p-queue / opossum / async-lock `maxExecutionTime`: a timeout returns the permit while the work
 * is still running, so more than `capacity` tasks run at once.
 */
import type { Clock } from '../../src/clock.js';

export class LeakyTimeoutSemaphore {
  #available: number;
  readonly #queue: (() => void)[] = [];

  constructor(
    capacity: number,
    private readonly clock: Clock,
  ) {
    this.#available = capacity;
  }

  async withPermit<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
    if (this.#available > 0) this.#available--;
    else await new Promise<void>((resolve) => this.#queue.push(resolve));
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next) next();
      else this.#available++;
    };
    // "Stop waiting" treated as "return the permit": the bug.
    const cancel = this.clock.setTimer(timeoutMs, release);
    try {
      return await fn();
    } finally {
      cancel();
      release();
    }
  }
}
