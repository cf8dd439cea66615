/**
 * A FIFO, cancellable mutual-exclusion lock (the async-mutex API, without its races).
 */
import type { Clock } from '../clock.js';
import type { WaitOptions } from './options.js';
import { checkOptions } from './options.js';
import { type Releaser, Semaphore } from './Semaphore.js';

/** Options of {@link Mutex}. */
export interface MutexOptions {
  /** Clock for `timeoutMs` (default `systemClock`). Tests pass a `ManualClock`. */
  readonly clock?: Clock | undefined;
}

/**
 * A mutual-exclusion lock for async code in one process.
 *
 * Guarantees:
 * - FIFO, no barging: ownership is handed to the next waiter inside the releaser, so a newcomer
 *   (`acquire` or `tryAcquire`) never overtakes a queued waiter and `isLocked()` is exact as soon
 *   as the releaser returns.
 * - Each waiter ends exactly once: granted, cancelled or timed out; timeout and abort remove it
 *   from the queue synchronously (no phantom waiters). An already-aborted signal rejects without
 *   queuing.
 * - A releaser belongs to one grant and is idempotent: calling it twice cannot free the next
 *   holder's lock.
 * - `timeoutMs` bounds the wait, never the critical section: `runExclusive` releases only when
 *   `fn` settles.
 *
 * @throws InvalidArgumentError for bad `options`.
 * @example
 * const mutex = new Mutex();
 * await mutex.runExclusive(async () => { balance = (await read()) + 1; await write(balance); });
 */
export class Mutex {
  readonly #sem: Semaphore;

  constructor(options?: MutexOptions) {
    checkOptions('options', options);
    this.#sem = new Semaphore(1, options);
  }

  /**
   * Waits for the lock; resolves with its releaser.
   * @throws (rejects) AbortedError when `signal` aborts or `cancel()` runs, TimeoutError after
   * `timeoutMs`; the caller then holds nothing.
   * @example
   * const release = await mutex.acquire({ timeoutMs: 1_000 });
   * try { await critical(); } finally { release(); }
   */
  acquire(options?: WaitOptions): Promise<Releaser> {
    return this.#sem.acquire(1, options);
  }

  /**
   * Takes the lock if it is free and nobody is queued; otherwise returns `undefined`.
   * @example
   * const release = mutex.tryAcquire(); if (!release) return 'busy';
   */
  tryAcquire(): Releaser | undefined {
    return this.#sem.tryAcquire(1);
  }

  /**
   * Runs `fn` holding the lock; releases when `fn` settles, whatever it does.
   * @throws (rejects) as {@link Mutex.acquire} (then `fn` never runs), or with `fn`'s error.
   * @example
   * const n = await mutex.runExclusive(() => counter++, { signal });
   */
  runExclusive<T>(fn: () => T | PromiseLike<T>, options?: WaitOptions): Promise<Awaited<T>> {
    return this.#sem.withPermits(1, fn, options);
  }

  /** True while someone holds the lock (exact at every instant). */
  isLocked(): boolean {
    return this.#sem.available === 0;
  }

  /** Number of queued `acquire` calls. */
  get waiting(): number {
    return this.#sem.waiting;
  }

  /**
   * Resolves when the lock is free and nobody is queued. Takes nothing.
   * @throws (rejects) AbortedError / TimeoutError as for `acquire`.
   * @example
   * await mutex.waitForUnlock({ timeoutMs: 100 });
   */
  waitForUnlock(options?: WaitOptions): Promise<void> {
    return this.#sem.waitForUnlock(1, options);
  }

  /**
   * Rejects every queued `acquire` with `AbortedError`; the current holder keeps the lock.
   * Returns the number of waiters cancelled.
   * @example
   * mutex.cancel();
   */
  cancel(): number {
    return this.#sem.cancel();
  }
}
