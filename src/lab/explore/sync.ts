/**
 * Explore-aware locks and deferreds: the raceless primitives, with scheduling points at acquire,
 * grant, release and settle. src/sync is untouched; outside explore mode (no actor context) each
 * method is the base method plus one context lookup.
 *
 * Points (for a lock named `m`, labels read `acquire(m)` and so on):
 * - `A:acquire` before asking for the lock. If the lock is free, A takes it in that same step.
 * - `A:acquired` when A was queued: A is not runnable until the grant, then runs from here.
 * - `A:release` before the lock is given back (the releaser returns a promise: await it).
 */

import { InvalidArgumentError } from '../../errors.js';
import { Deferred, type DeferredOptions, type DeferredState } from '../../sync/Deferred.js';
import { KeyedMutex, type KeyedMutexOptions } from '../../sync/KeyedMutex.js';
import { Mutex, type MutexOptions } from '../../sync/Mutex.js';
import type { WaitOptions } from '../../sync/options.js';
import { type Releaser, Semaphore, type SemaphoreOptions } from '../../sync/Semaphore.js';
import type { SyncKey } from '../../sync/syncKey.js';
import { checkLabel, currentActor, pointHere } from './runtime.js';

/** Options shared by the explore-aware primitives. */
export interface ExploreNameOptions {
  /**
   * Appended to labels, `acquire(name)`, to tell several locks apart in a timeline (same
   * characters as a label). Default: none.
   */
  readonly name?: string | undefined;
}

/**
 * A releaser whose release is a scheduling point: it returns a promise that settles once the
 * lock is given back. Assignable to {@link Releaser}; await it inside explored actors.
 */
export type ExploreReleaser = () => Promise<void>;

const RESOLVED: Promise<void> = Promise.resolve();

function nameOf(options: unknown): string | undefined {
  return typeof options === 'object' && options !== null
    ? (options as ExploreNameOptions).name
    : undefined;
}

function labeller(name: string | undefined): (op: string) => string {
  if (name === undefined) return (op) => op;
  checkLabel('options.name', name);
  return (op) => `${op}(${name})`;
}

async function acquireVia(
  op: (s: string) => string,
  take: () => Promise<Releaser>,
): Promise<ExploreReleaser> {
  const c = currentActor();
  if (c === undefined) {
    const release = await take();
    return async () => release();
  }
  await c.run.point(c.actor, op('acquire'));
  const release = await c.run.wait(c.actor, take(), op('acquired'));
  let released = false;
  return () => {
    if (released) return RESOLVED;
    released = true;
    const here = currentActor();
    if (here === undefined) {
      release();
      return RESOLVED;
    }
    return here.run.point(here.actor, op('release')).then(release);
  };
}

async function waitVia(
  op: (s: string) => string,
  point: string,
  waitFor: () => Promise<void>,
): Promise<void> {
  const c = currentActor();
  if (c === undefined) return waitFor();
  await c.run.point(c.actor, op(point));
  return c.run.wait(c.actor, waitFor(), op('unlocked'));
}

async function exclusive<T>(
  fn: () => T | PromiseLike<T>,
  acquire: () => Promise<ExploreReleaser>,
): Promise<Awaited<T>> {
  if (typeof fn !== 'function') throw new InvalidArgumentError('fn', 'must be a function');
  const release = await acquire();
  try {
    return (await fn()) as Awaited<T>;
  } finally {
    await release();
  }
}

/**
 * A {@link Mutex} whose acquire, grant and release are scheduling points in explore mode
 * (`A:acquire`, `A:acquired`, `A:release`). Everything else — FIFO hand-over, no barging,
 * idempotent releasers, typed rejections — is the base Mutex. `tryAcquire`, `isLocked` and
 * `cancel` are synchronous and are not points (put a `yieldPoint` before them if it matters).
 * Timeouts are not explored: use no `timeoutMs` (or a ManualClock) inside explored actors.
 *
 * @throws InvalidArgumentError for bad options (as Mutex) or a bad `name`.
 * @example
 * const mutex = new ExploreMutex();
 * // in an actor: await mutex.runExclusive(async () => { const v = await t.get('k'); await t.set('k', v + 1); });
 */
export class ExploreMutex extends Mutex {
  readonly #op: (op: string) => string;

  constructor(options?: MutexOptions & ExploreNameOptions) {
    super(options);
    this.#op = labeller(nameOf(options));
  }

  /**
   * As {@link Mutex.acquire}, through the points `acquire` (and `acquired` when queued). The
   * releaser's call is the point `release`; await it.
   * @throws (rejects) as Mutex.acquire.
   * @example
   * const release = await mutex.acquire();
   * try { await critical(); } finally { await release(); }
   */
  override acquire(options?: WaitOptions): Promise<ExploreReleaser> {
    return acquireVia(this.#op, () => super.acquire(options));
  }

  /**
   * As {@link Mutex.runExclusive}; the release after `fn` is a scheduling point.
   * @throws (rejects) as Mutex.runExclusive.
   * @example
   * await mutex.runExclusive(() => t.updateFields('k', { busy: true }));
   */
  override runExclusive<T>(
    fn: () => T | PromiseLike<T>,
    options?: WaitOptions,
  ): Promise<Awaited<T>> {
    return exclusive(fn, () => this.acquire(options));
  }

  /**
   * As {@link Mutex.waitForUnlock}, through the points `waitForUnlock` (and `unlocked`).
   * @throws (rejects) as Mutex.waitForUnlock.
   * @example
   * await mutex.waitForUnlock();
   */
  override waitForUnlock(options?: WaitOptions): Promise<void> {
    return waitVia(this.#op, 'waitForUnlock', () => super.waitForUnlock(options));
  }
}

/**
 * A {@link Semaphore} whose acquire, grant and release are scheduling points in explore mode
 * (`A:acquire`, `A:acquired`, `A:release`); otherwise the base Semaphore (weighted, FIFO).
 * `tryAcquire` is synchronous and not a point.
 *
 * @throws OutOfRangeError / InvalidArgumentError as Semaphore, or for a bad `name`.
 * @example
 * const sem = new ExploreSemaphore(2);
 * // in an actor: await sem.withPermits(1, () => t.updateCounter('running', 1, { default: 0 }));
 */
export class ExploreSemaphore extends Semaphore {
  readonly #op: (op: string) => string;

  constructor(capacity: number, options?: SemaphoreOptions & ExploreNameOptions) {
    super(capacity, options);
    this.#op = labeller(nameOf(options));
  }

  /**
   * As {@link Semaphore.acquire}, through the points `acquire` (and `acquired`); the
   * releaser's call is the point `release`.
   * @throws (rejects) as Semaphore.acquire.
   * @example
   * const release = await sem.acquire(2);
   * try { await work(); } finally { await release(); }
   */
  override acquire(weight = 1, options?: WaitOptions): Promise<ExploreReleaser> {
    return acquireVia(this.#op, () => super.acquire(weight, options));
  }

  /**
   * As {@link Semaphore.withPermits}; the release after `fn` is a scheduling point.
   * @throws (rejects) as Semaphore.withPermits.
   * @example
   * await sem.withPermits(1, () => t.get('k'));
   */
  override withPermits<T>(
    weight: number,
    fn: () => T | PromiseLike<T>,
    options?: WaitOptions,
  ): Promise<Awaited<T>> {
    return exclusive(fn, () => this.acquire(weight, options));
  }

  /**
   * As {@link Semaphore.waitForUnlock}, through the points `waitForUnlock` (and `unlocked`).
   * @throws (rejects) as Semaphore.waitForUnlock.
   * @example
   * await sem.waitForUnlock(2);
   */
  override waitForUnlock(weight = 1, options?: WaitOptions): Promise<void> {
    return waitVia(this.#op, 'waitForUnlock', () => super.waitForUnlock(weight, options));
  }
}

/**
 * A {@link KeyedMutex} whose acquisitions and releases are scheduling points in explore mode
 * (`A:acquire`, `A:acquired`, `A:release`; `acquireMany` is one point for all its keys, taken
 * in canonical order by the base class). `tryAcquire` is synchronous and not a point.
 *
 * @throws InvalidArgumentError as KeyedMutex, or for a bad `name`.
 * @example
 * const locks = new ExploreKeyedMutex<string>();
 * // in an actor: await locks.runExclusiveMany(['a', 'b'], () => transfer('a', 'b', 10));
 */
export class ExploreKeyedMutex<K extends SyncKey = SyncKey> extends KeyedMutex<K> {
  readonly #op: (op: string) => string;

  constructor(options?: KeyedMutexOptions & ExploreNameOptions) {
    super(options);
    this.#op = labeller(nameOf(options));
  }

  /**
   * As {@link KeyedMutex.acquire}, through the points `acquire` (and `acquired`).
   * @throws (rejects) as KeyedMutex.acquire.
   * @example
   * const release = await locks.acquire('job:7');
   * try { await run(); } finally { await release(); }
   */
  override acquire(key: K, options?: WaitOptions): Promise<ExploreReleaser> {
    return acquireVia(this.#op, () => super.acquire(key, options));
  }

  /**
   * As {@link KeyedMutex.runExclusive}; the release after `fn` is a scheduling point.
   * @throws (rejects) as KeyedMutex.runExclusive.
   * @example
   * await locks.runExclusive('job:7', () => t.set('job:7', 'running'));
   */
  override runExclusive<T>(
    key: K,
    fn: () => T | PromiseLike<T>,
    options?: WaitOptions,
  ): Promise<Awaited<T>> {
    return exclusive(fn, () => this.acquire(key, options));
  }

  /**
   * As {@link KeyedMutex.acquireMany}: one point `acquire` for all keys (and `acquired`).
   * @throws (rejects) as KeyedMutex.acquireMany.
   * @example
   * const release = await locks.acquireMany(['a', 'b']);
   * try { await move(); } finally { await release(); }
   */
  override acquireMany(keys: readonly K[], options?: WaitOptions): Promise<ExploreReleaser> {
    return acquireVia(this.#op, () => super.acquireMany(keys, options));
  }

  /**
   * As {@link KeyedMutex.runExclusiveMany}; the release after `fn` is a scheduling point.
   * @throws (rejects) as KeyedMutex.runExclusiveMany.
   * @example
   * await locks.runExclusiveMany(['a', 'b'], () => move('a', 'b'));
   */
  override runExclusiveMany<T>(
    keys: readonly K[],
    fn: () => T | PromiseLike<T>,
    options?: WaitOptions,
  ): Promise<Awaited<T>> {
    return exclusive(fn, () => this.acquireMany(keys, options));
  }
}

/**
 * A {@link Deferred} seen through the explorer: settling is a scheduling point (`A:resolve`,
 * `A:reject`, and the `…If` variants), and {@link ExploreDeferred.wait} is a controlled wait
 * (`A:settled` when the waiter had to block). The underlying Deferred keeps its guarantees
 * (exactly one outcome, late attempts counted). Settle methods are async here because a point
 * comes first: await them.
 *
 * @throws OutOfRangeError / InvalidArgumentError for bad options (as Deferred) or `name`.
 * @example
 * const ready = new ExploreDeferred<string>();
 * // actor A: await ready.resolve('token');   actor B: const token = await ready.wait();
 */
export class ExploreDeferred<T> {
  /** The underlying settle-once promise. */
  readonly deferred: Deferred<T>;
  readonly #op: (op: string) => string;

  constructor(options?: DeferredOptions & ExploreNameOptions) {
    this.#op = labeller(nameOf(options));
    this.deferred = new Deferred<T>(options);
  }

  /** The underlying deferred's identity. */
  get id(): number {
    return this.deferred.id;
  }

  /** `pending`, `resolved` or `rejected` (exact at every instant). */
  get state(): DeferredState {
    return this.deferred.state;
  }

  /** Refused settle attempts so far. */
  get lateSettleAttempts(): number {
    return this.deferred.lateSettleAttempts;
  }

  /** The settle-once promise (awaiting it directly is not a controlled wait: use `wait`). */
  get promise(): Promise<T> {
    return this.deferred.promise;
  }

  /**
   * Point `resolve`, then {@link Deferred.resolve}.
   * @example
   * if (!(await d.resolve(v))) log('late');
   */
  async resolve(value: T): Promise<boolean> {
    await pointHere(this.#op('resolve'));
    return this.deferred.resolve(value);
  }

  /**
   * Point `reject`, then {@link Deferred.reject}.
   * @example
   * await d.reject(new Error('denied'));
   */
  async reject(reason: unknown): Promise<boolean> {
    await pointHere(this.#op('reject'));
    return this.deferred.reject(reason);
  }

  /**
   * Point `resolveIf`, then {@link Deferred.resolveIf}.
   * @example
   * await current.resolveIf(signal.flowId, signal.token);
   */
  async resolveIf(id: number, value: T): Promise<boolean> {
    await pointHere(this.#op('resolveIf'));
    return this.deferred.resolveIf(id, value);
  }

  /**
   * Point `rejectIf`, then {@link Deferred.rejectIf}.
   * @example
   * await current.rejectIf(signal.flowId, signal.error);
   */
  async rejectIf(id: number, reason: unknown): Promise<boolean> {
    await pointHere(this.#op('rejectIf'));
    return this.deferred.rejectIf(id, reason);
  }

  /**
   * Waits for the outcome. Already settled: continues in the same step; otherwise the actor is
   * blocked until the settle, then runnable at `settled`.
   * @throws (rejects) with the rejection reason.
   * @example
   * const token = await d.wait();
   */
  wait(): Promise<T> {
    const c = currentActor();
    if (c === undefined) return this.deferred.promise;
    return c.run.wait(c.actor, this.deferred.promise, this.#op('settled'));
  }
}
