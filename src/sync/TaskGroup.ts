/**
 * Structured concurrency for async tasks: every task belongs to a group that cancels, awaits and
 * reports them.
 */
import {
  AbortedError,
  CapacityExceededError,
  ClosedError,
  InvalidArgumentError,
} from '../errors.js';
import { checkFunction, checkLimit, checkNonNegativeInt, checkOptions } from './options.js';
import { Pending } from './pending.js';
import { WaitList } from './waitList.js';

/** What a {@link TaskGroup} does when a task fails. */
export type FailurePolicy = 'fail-fast' | 'collect';

/** Options of {@link TaskGroup}. */
export interface TaskGroupOptions {
  /**
   * `'fail-fast'` (default): the first failure aborts the group (siblings see their signal abort,
   * queued tasks never start, no new spawns) and `wait()`/`close()` reject with that error.
   * `'collect'`: tasks fail independently; `wait()`/`close()` reject with an `AggregateError` of
   * every failure.
   */
  readonly policy?: FailurePolicy | undefined;
  /** Most tasks running at once (positive integer or `Infinity`, the default). */
  readonly concurrency?: number | undefined;
  /** Most tasks waiting for a slot (default 10,000). Beyond it `spawn` throws. */
  readonly maxQueued?: number | undefined;
}

interface Task {
  readonly fn: (signal: AbortSignal) => unknown;
  readonly pending: Pending<unknown>;
}

function isAbortError(error: unknown, signal: AbortSignal): boolean {
  return (
    error === signal.reason ||
    error instanceof AbortedError ||
    (error instanceof Error && error.name === 'AbortError')
  );
}

/**
 * A group of async tasks with one lifetime.
 *
 * Guarantees:
 * - Every task is spawned into a group and receives the group's `AbortSignal`.
 * - `close()` stops new spawns (`ClosedError`), aborts the signal, drops queued tasks (their
 *   promises reject with `AbortedError`), and resolves only when every started task has settled.
 *   It is idempotent: all callers share one promise. `await using` calls it.
 * - Failures surface: `wait()` and `close()` reject with the first failure (`'fail-fast'`) or an
 *   `AggregateError` of all failures (`'collect'`). Errors a task throws because the group was
 *   aborted (its `AbortError`) are cancellations, not failures.
 * - At most `concurrency` tasks run; the rest wait FIFO, at most `maxQueued` of them.
 * - Promises returned by `spawn` are marked handled: ignoring them cannot crash the process;
 *   their failures are reported through `wait()`/`close()`.
 *
 * @throws InvalidArgumentError / OutOfRangeError for bad options.
 * @example
 * await using group = new TaskGroup({ concurrency: 4 });
 * for (const url of urls) group.spawn((signal) => fetch(url, { signal }));
 * await group.wait();
 */
export class TaskGroup {
  readonly #policy: FailurePolicy;
  readonly #concurrency: number;
  readonly #maxQueued: number;
  readonly #controller = new AbortController();
  readonly #queue = new WaitList<Task>();
  readonly #idle = new Set<Pending<void>>();
  readonly #errors: unknown[] = [];
  #running = 0;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options?: TaskGroupOptions) {
    const o = checkOptions('options', options);
    const policy = o.policy ?? 'fail-fast';
    if (policy !== 'fail-fast' && policy !== 'collect') {
      throw new InvalidArgumentError('options.policy', "must be 'fail-fast' or 'collect'");
    }
    this.#policy = policy;
    this.#concurrency =
      o.concurrency === undefined
        ? Number.POSITIVE_INFINITY
        : checkLimit('options.concurrency', o.concurrency);
    this.#maxQueued =
      o.maxQueued === undefined ? 10_000 : checkNonNegativeInt('options.maxQueued', o.maxQueued);
  }

  /** The group's signal: aborts on `close()` or on a fail-fast failure. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for a concurrency slot. */
  get queued(): number {
    return this.#queue.size;
  }

  /** True once the group accepts no more tasks (closed, or aborted by a fail-fast failure). */
  get closed(): boolean {
    return this.#closed || this.#controller.signal.aborted;
  }

  /** Failures recorded so far (a copy). */
  get errors(): readonly unknown[] {
    return [...this.#errors];
  }

  /**
   * Starts `fn(signal)` now, or queues it if `concurrency` tasks are running. Resolves with its
   * result; rejects with its error, or with `AbortedError` if it was dropped from the queue.
   * @throws ClosedError (synchronously) when the group is closed or aborted;
   * CapacityExceededError when `maxQueued` tasks already wait; InvalidArgumentError if `fn` is
   * not a function.
   * @example
   * const user = await group.spawn((signal) => loadUser(id, { signal }));
   */
  spawn<T>(fn: (signal: AbortSignal) => T | PromiseLike<T>): Promise<Awaited<T>> {
    checkFunction('fn', fn);
    if (this.closed) throw new ClosedError('task group');
    const pending = new Pending<unknown>();
    pending.promise.catch(() => {});
    const task: Task = { fn, pending };
    if (this.#running < this.#concurrency) {
      this.#start(task);
    } else {
      if (this.#queue.size >= this.#maxQueued) {
        throw new CapacityExceededError('task group queue', this.#maxQueued);
      }
      this.#queue.push(task);
    }
    return pending.promise as Promise<Awaited<T>>;
  }

  /**
   * Resolves when no task is running or queued and none failed; rejects per the policy once
   * they have all settled. New tasks spawned before then are waited for too.
   * @example
   * group.spawn(a); group.spawn(b); await group.wait();
   */
  wait(): Promise<void> {
    const pending = new Pending<void>();
    this.#idle.add(pending);
    this.#checkIdle();
    return pending.promise;
  }

  /**
   * Closes the group: no new spawns, abort every task, drop the queued ones, await the running
   * ones. Idempotent.
   * @throws (rejects) per the policy if tasks failed (cancellations are not failures).
   * @example
   * process.on('SIGTERM', () => group.close());
   */
  close(): Promise<void> {
    if (this.#closing === undefined) {
      this.#closed = true;
      this.#abort(new AbortedError('task group closed'));
      this.#closing = this.wait();
    }
    return this.#closing;
  }

  /** `await using group = new TaskGroup()` closes the group at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #start(task: Task): void {
    this.#running++;
    const signal = this.#controller.signal;
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(task.fn(signal));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => {
        task.pending.grant(value);
        this.#settled();
      },
      (error: unknown) => {
        task.pending.fail(error);
        if (!(signal.aborted && isAbortError(error, signal))) this.#fail(error);
        this.#settled();
      },
    );
  }

  #fail(error: unknown): void {
    if (this.#policy === 'collect') {
      this.#errors.push(error);
      return;
    }
    if (this.#errors.length === 0) {
      this.#errors.push(error);
      this.#abort(new AbortedError('task group aborted: a sibling failed', error));
    }
  }

  #abort(reason: AbortedError): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
    for (const task of this.#queue.drain()) {
      task.pending.fail(new AbortedError('task group: dropped before it started', reason));
    }
  }

  #settled(): void {
    this.#running--;
    while (this.#running < this.#concurrency && !this.#controller.signal.aborted) {
      const next = this.#queue.shift();
      if (next === undefined) break;
      this.#start(next);
    }
    this.#checkIdle();
  }

  #checkIdle(): void {
    if (this.#running > 0 || this.#queue.size > 0) return;
    const waiters = [...this.#idle];
    this.#idle.clear();
    for (const w of waiters) {
      if (this.#errors.length === 0) w.grant(undefined);
      else if (this.#policy === 'fail-fast') w.fail(this.#errors[0]);
      else w.fail(new AggregateError(this.#errors, `${this.#errors.length} task(s) failed`));
    }
  }
}
