/**
 * async-mutex #54: the timeout is a `Promise.race` around the wait, so a timed-out waiter stays
 * queued (a phantom). Release later hands the lock to the phantom, and nobody ever frees it.
 */
import type { Clock } from '../../src/clock.js';

type Releaser = () => void;

export class PhantomWaiterMutex {
  #locked = false;
  readonly #queue: ((release: Releaser) => void)[] = [];

  constructor(private readonly clock: Clock) {}

  acquire(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Releaser> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve(this.#releaser());
    }
    const wait = new Promise<Releaser>((resolve) => this.#queue.push(resolve));
    const racers: Promise<Releaser>[] = [wait];
    const { timeoutMs, signal } = options;
    if (timeoutMs !== undefined) {
      racers.push(
        new Promise<never>((_, reject) => {
          this.clock.setTimer(timeoutMs, () => reject(new Error('timeout')));
        }),
      );
    }
    if (signal) {
      racers.push(
        new Promise<never>((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        }),
      );
    }
    return Promise.race(racers);
  }

  async runExclusive<T>(
    fn: () => Promise<T>,
    options?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<T> {
    const release = await this.acquire(options);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  isLocked(): boolean {
    return this.#locked;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  #releaser(): Releaser {
    return () => {
      const next = this.#queue.shift();
      if (next) next(this.#releaser());
      else this.#locked = false;
    };
  }
}
