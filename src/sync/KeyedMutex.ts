/**
 * One FIFO mutex per key, with all-or-nothing multi-key locking and idle-key reclamation.
 */
import { type Clock, systemClock } from '../clock.js';
import { AbortedError, InvalidArgumentError, TimeoutError } from '../errors.js';
import {
  type CheckedWait,
  checkClock,
  checkFunction,
  checkOptions,
  checkWait,
  rejectOnThrow,
  type WaitOptions,
} from './options.js';
import { abortedAlready } from './pending.js';
import { runThenRelease } from './runThenRelease.js';
import { type Releaser, Semaphore } from './Semaphore.js';
import { encodeSyncKey, type SyncKey } from './syncKey.js';

/** Options of {@link KeyedMutex}. */
export interface KeyedMutexOptions {
  /** Clock for `timeoutMs` (default `systemClock`). */
  readonly clock?: Clock | undefined;
}

/**
 * A mutex per key: holders of different keys never wait for each other.
 *
 * Guarantees:
 * - Per key, everything {@link Mutex} guarantees (FIFO, no barging, exact `isLocked`, one
 *   terminal transition per waiter, idempotent releasers, timeouts bound only the wait).
 * - Keys are compared by a canonical encoding: `['a','bc']` and `['ab','c']` are different keys,
 *   so are `1` and `'1'`.
 * - `acquireMany` takes its keys in canonical sorted order (duplicates once), so two callers
 *   locking `['a','b']` and `['b','a']` cannot deadlock; if it fails (timeout, abort, cancel) it
 *   releases whatever it already took: all or nothing.
 * - A key with no holder and no waiter is forgotten at once: memory is O(keys in use)
 *   (`size` counts them).
 *
 * @throws InvalidArgumentError for bad `options`.
 * @example
 * const locks = new KeyedMutex<string>();
 * await locks.runExclusive(sessionId, async () => { const s = await load(sessionId); await save({ ...s, n: s.n + 1 }); });
 */
export class KeyedMutex<K extends SyncKey = SyncKey> {
  readonly #clock: Clock;
  readonly #locks = new Map<string, Semaphore>();

  constructor(options?: KeyedMutexOptions) {
    const o = checkOptions('options', options);
    checkClock('options.clock', o.clock);
    this.#clock = (o.clock as Clock | undefined) ?? systemClock;
  }

  /** Number of keys that have a holder or a waiter right now. */
  get size(): number {
    return this.#locks.size;
  }

  /**
   * Waits for the lock of `key`; resolves with its releaser.
   * @throws (rejects) InvalidArgumentError / OutOfRangeError for a bad key or options,
   * AbortedError, TimeoutError (the caller then holds nothing).
   * @example
   * const release = await locks.acquire(['user', 42], { timeoutMs: 500 });
   * try { await update(); } finally { release(); }
   */
  acquire(key: K, options?: WaitOptions): Promise<Releaser> {
    return rejectOnThrow(() => {
      const k = encodeSyncKey(key);
      return this.#acquireEncoded(k, checkWait(options));
    });
  }

  /**
   * Takes the lock of `key` if it is free and nobody waits for it; otherwise `undefined`.
   * @throws InvalidArgumentError / OutOfRangeError for a bad key.
   * @example
   * const release = locks.tryAcquire('job:7'); if (!release) return;
   */
  tryAcquire(key: K): Releaser | undefined {
    const k = encodeSyncKey(key);
    const sem = this.#lockFor(k);
    const release = sem.tryAcquire(1);
    if (release === undefined) {
      this.#reclaim(k, sem);
      return undefined;
    }
    return this.#wrap(k, sem, release);
  }

  /** True while someone holds the lock of `key`. */
  isLocked(key: K): boolean {
    const sem = this.#locks.get(encodeSyncKey(key));
    return sem !== undefined && sem.available === 0;
  }

  /**
   * Runs `fn` holding the lock of `key`; releases when `fn` settles.
   * @throws (rejects) as {@link KeyedMutex.acquire}, or with `fn`'s error.
   * @example
   * await locks.runExclusive(sessionId, () => refreshToken(sessionId));
   */
  runExclusive<T>(
    key: K,
    fn: () => T | PromiseLike<T>,
    options?: WaitOptions,
  ): Promise<Awaited<T>> {
    return rejectOnThrow(() => {
      checkFunction('fn', fn);
      return this.acquire(key, options).then((release) => runThenRelease(fn, release));
    });
  }

  /**
   * Takes the locks of all `keys` (canonical order, duplicates once) and resolves with one
   * releaser for all of them. `timeoutMs` bounds the whole acquisition. On failure every lock
   * already taken is released before the promise rejects.
   * @throws (rejects) InvalidArgumentError for a non-array or bad key, AbortedError,
   * TimeoutError.
   * @example
   * const release = await locks.acquireMany([from, to], { timeoutMs: 1_000 });
   * try { await transfer(from, to, amount); } finally { release(); }
   */
  acquireMany(keys: readonly K[], options?: WaitOptions): Promise<Releaser> {
    return rejectOnThrow(() => {
      if (!Array.isArray(keys)) throw new InvalidArgumentError('keys', 'must be an array');
      const encoded = [...new Set(keys.map((k, i) => encodeSyncKey(k, `keys[${i}]`)))].sort();
      return this.#acquireAll(encoded, checkWait(options));
    });
  }

  /**
   * Runs `fn` holding the locks of all `keys`; releases them when `fn` settles.
   * @throws (rejects) as {@link KeyedMutex.acquireMany}, or with `fn`'s error.
   * @example
   * await locks.runExclusiveMany(['acct:1', 'acct:2'], () => transfer(1, 2, 10));
   */
  runExclusiveMany<T>(
    keys: readonly K[],
    fn: () => T | PromiseLike<T>,
    options?: WaitOptions,
  ): Promise<Awaited<T>> {
    return rejectOnThrow(() => {
      checkFunction('fn', fn);
      return this.acquireMany(keys, options).then((release) => runThenRelease(fn, release));
    });
  }

  /**
   * Rejects every queued waiter of every key with `AbortedError`; holders keep their locks.
   * Returns the number of waiters cancelled.
   */
  cancel(): number {
    let n = 0;
    for (const [k, sem] of [...this.#locks]) {
      n += sem.cancel();
      this.#reclaim(k, sem);
    }
    return n;
  }

  #lockFor(k: string): Semaphore {
    let sem = this.#locks.get(k);
    if (sem === undefined) {
      sem = new Semaphore(1, { clock: this.#clock });
      this.#locks.set(k, sem);
    }
    return sem;
  }

  #acquireEncoded(k: string, wait: CheckedWait): Promise<Releaser> {
    if (wait.signal?.aborted) return abortedAlready('keyed mutex', wait.signal);
    const sem = this.#lockFor(k);
    return sem.acquire(1, wait).then(
      (release) => this.#wrap(k, sem, release),
      (error: unknown) => {
        this.#reclaim(k, sem);
        throw error;
      },
    );
  }

  async #acquireAll(encoded: readonly string[], wait: CheckedWait): Promise<Releaser> {
    const { signal, timeoutMs } = wait;
    if (signal?.aborted) return abortedAlready('keyed mutex', signal);
    // One controller bounds the whole acquisition; timeoutMs 0 is passed to each step instead.
    const controller = new AbortController();
    let timedOut = false;
    const cancelTimer =
      timeoutMs !== undefined && timeoutMs > 0
        ? this.#clock.setTimer(timeoutMs, () => {
            timedOut = true;
            controller.abort();
          })
        : undefined;
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const step: CheckedWait = {
      signal: controller.signal,
      timeoutMs: timeoutMs === 0 ? 0 : undefined,
    };
    const held: Releaser[] = [];
    try {
      for (const k of encoded) held.push(await this.#acquireEncoded(k, step));
    } catch (error) {
      for (const release of held.reverse()) release();
      if (timedOut) throw new TimeoutError(`keyed mutex: wait timed out after ${timeoutMs} ms`);
      if (signal?.aborted) throw new AbortedError('keyed mutex: aborted', signal.reason);
      throw error;
    } finally {
      cancelTimer?.();
      signal?.removeEventListener('abort', onAbort);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const release of held.reverse()) release();
    };
  }

  #wrap(k: string, sem: Semaphore, release: Releaser): Releaser {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      this.#reclaim(k, sem);
    };
  }

  /** Forgets `k` if its lock is idle and still the current one for that key. */
  #reclaim(k: string, sem: Semaphore): void {
    if (this.#locks.get(k) === sem && sem.available === 1 && sem.waiting === 0) {
      this.#locks.delete(k);
    }
  }
}
