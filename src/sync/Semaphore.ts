/**
 * A weighted, FIFO, cancellable counting semaphore.
 */
import { type Clock, systemClock } from '../clock.js';
import { AbortedError, OutOfRangeError } from '../errors.js';
import {
  checkClock,
  checkFunction,
  checkOptions,
  checkPositiveInt,
  checkWait,
  rejectOnThrow,
  type WaitOptions,
} from './options.js';
import { abortedAlready, Pending } from './pending.js';
import { runThenRelease } from './runThenRelease.js';
import { WaitList } from './waitList.js';

/**
 * Gives back what one grant took. Belongs to that grant only; calling it again does nothing.
 */
export type Releaser = () => void;

/** Options of {@link Semaphore}. */
export interface SemaphoreOptions {
  /** Clock for `timeoutMs` (default `systemClock`). Tests pass a `ManualClock`. */
  readonly clock?: Clock | undefined;
}

interface Acquirer {
  readonly weight: number;
  readonly pending: Pending<Releaser>;
}

interface UnlockWaiter {
  readonly weight: number;
  readonly pending: Pending<void>;
}

/**
 * A counting semaphore with weighted permits.
 *
 * Guarantees:
 * - Grants are FIFO: a waiter is granted only when every earlier waiter has been; a large waiter
 *   at the head is never overtaken by smaller ones, and a newcomer never overtakes a queued
 *   waiter (no barging; `tryAcquire` fails while anyone waits).
 * - Permits are handed over inside the releaser, so `available` is exact as soon as it returns.
 * - Each waiter ends exactly once: granted, cancelled (abort or `cancel()`), or timed out. A
 *   timed-out or aborted waiter leaves the queue synchronously and holds nothing.
 * - "Stop waiting" is not "return the permit": `timeoutMs` bounds the wait only. Once granted,
 *   permits come back only through the releaser (`withPermits`: when `fn` settles). An abort
 *   that lands after the grant changes nothing; it can neither revoke nor leak the permits.
 * - A releaser belongs to one grant and is idempotent.
 *
 * @throws OutOfRangeError / InvalidArgumentError for a bad `capacity` or `options`.
 * @example
 * const sem = new Semaphore(4);
 * const body = await sem.withPermits(2, () => fetch(url).then((r) => r.text()), { timeoutMs: 1_000 });
 */
export class Semaphore {
  readonly #capacity: number;
  readonly #clock: Clock;
  #available: number;
  readonly #queue = new WaitList<Acquirer>();
  readonly #unlockWaiters = new WaitList<UnlockWaiter>();

  constructor(capacity: number, options?: SemaphoreOptions) {
    this.#capacity = checkPositiveInt('capacity', capacity);
    const o = checkOptions('options', options);
    checkClock('options.clock', o.clock);
    this.#clock = (o.clock as Clock | undefined) ?? systemClock;
    this.#available = this.#capacity;
  }

  /** Total permits. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Permits not held right now (exact at every instant). */
  get available(): number {
    return this.#available;
  }

  /** Number of queued `acquire` calls. */
  get waiting(): number {
    return this.#queue.size;
  }

  /**
   * Waits for `weight` permits (FIFO) and resolves with their releaser.
   * @throws (rejects) OutOfRangeError if `weight` is not a positive safe integer or exceeds
   * `capacity`; AbortedError when `signal` aborts (immediately if already aborted) or
   * `cancel()` is called; TimeoutError after `timeoutMs`. A rejected call holds nothing.
   * @example
   * const release = await sem.acquire(1, { signal });
   * try { await work(); } finally { release(); }
   */
  acquire(weight = 1, options?: WaitOptions): Promise<Releaser> {
    return rejectOnThrow(() => {
      this.#checkWeight(weight);
      const wait = checkWait(options);
      if (wait.signal?.aborted) return abortedAlready('semaphore', wait.signal);
      if (this.#queue.size === 0 && this.#available >= weight) {
        return Promise.resolve(this.#take(weight));
      }
      const pending = new Pending<Releaser>();
      const node = this.#queue.push({ weight, pending });
      pending.arm(wait, this.#clock, 'semaphore', () => {
        // A head waiter that gives up may unblock smaller waiters behind it.
        const wasHead = this.#queue.peek() === node.value;
        this.#queue.remove(node);
        if (wasHead) this.#dispatch();
      });
      return pending.promise;
    });
  }

  /**
   * Takes `weight` permits now if that needs no waiting and nobody is queued; otherwise
   * returns `undefined`. Never barges past a queued waiter.
   * @throws OutOfRangeError for a bad `weight`.
   * @example
   * const release = sem.tryAcquire(); if (release) { try { work(); } finally { release(); } }
   */
  tryAcquire(weight = 1): Releaser | undefined {
    this.#checkWeight(weight);
    if (this.#queue.size > 0 || this.#available < weight) return undefined;
    return this.#take(weight);
  }

  /**
   * Runs `fn` holding `weight` permits and returns its result. The permits return when `fn`
   * settles (resolves, rejects or throws), never earlier: `timeoutMs` and `signal` bound only the
   * wait. If the wait fails, `fn` does not run and nothing is held.
   * @throws (rejects) as {@link Semaphore.acquire}, or with what `fn` threw.
   * @example
   * await sem.withPermits(1, async () => { await db.query(sql); }, { timeoutMs: 500 });
   */
  withPermits<T>(
    weight: number,
    fn: () => T | PromiseLike<T>,
    options?: WaitOptions,
  ): Promise<Awaited<T>> {
    return rejectOnThrow(() => {
      checkFunction('fn', fn);
      return this.acquire(weight, options).then((release) => runThenRelease(fn, release));
    });
  }

  /**
   * Resolves when `weight` permits could be taken at once (nobody queued and enough available).
   * Takes nothing.
   * @throws (rejects) as {@link Semaphore.acquire}.
   * @example
   * await sem.waitForUnlock(1, { timeoutMs: 1_000 });
   */
  waitForUnlock(weight = 1, options?: WaitOptions): Promise<void> {
    return rejectOnThrow(() => {
      this.#checkWeight(weight);
      const wait = checkWait(options);
      if (wait.signal?.aborted) return abortedAlready('semaphore', wait.signal);
      if (this.#queue.size === 0 && this.#available >= weight) return Promise.resolve();
      const pending = new Pending<void>();
      const node = this.#unlockWaiters.push({ weight, pending });
      pending.arm(wait, this.#clock, 'semaphore', () => this.#unlockWaiters.remove(node));
      return pending.promise;
    });
  }

  /**
   * Rejects every queued `acquire` with `AbortedError`. Current holders keep their permits.
   * Returns the number of waiters cancelled.
   * @example
   * sem.cancel(); // shutting down: nobody waits any more
   */
  cancel(): number {
    const waiters = this.#queue.drain();
    for (const w of waiters) w.pending.fail(new AbortedError('semaphore: cancelled'));
    this.#notifyUnlock();
    return waiters.length;
  }

  #checkWeight(weight: unknown): asserts weight is number {
    checkPositiveInt('weight', weight);
    if ((weight as number) > this.#capacity) {
      throw new OutOfRangeError('weight', `${weight} exceeds capacity ${this.#capacity}`);
    }
  }

  /** Takes permits and creates their releaser in one synchronous step. */
  #take(weight: number): Releaser {
    this.#available -= weight;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#available += weight;
      this.#dispatch();
    };
  }

  /** Hands permits to queued waiters in FIFO order, then wakes unlock waiters. */
  #dispatch(): void {
    for (let head = this.#queue.peek(); head; head = this.#queue.peek()) {
      if (head.weight > this.#available) break;
      this.#queue.shift();
      const release = this.#take(head.weight);
      if (!head.pending.grant(release)) release();
    }
    this.#notifyUnlock();
  }

  #notifyUnlock(): void {
    if (this.#queue.size > 0) return;
    for (const node of this.#unlockWaiters.nodes()) {
      if (node.value.weight > this.#available) continue;
      this.#unlockWaiters.remove(node);
      node.value.pending.grant(undefined);
    }
  }
}
