/**
 * A settle-once promise with observable state, an identity, an optional deadline, and reported
 * late settle attempts.
 */
import diagnostics_channel from 'node:diagnostics_channel';
import { type CancelTimer, type Clock, systemClock } from '../clock.js';
import { TimeoutError } from '../errors.js';
import { checkClock, checkOptions, checkTimeoutMs } from './options.js';

/** Where a {@link Deferred} is. */
export type DeferredState = 'pending' | 'resolved' | 'rejected';

/** Options of {@link Deferred}. */
export interface DeferredOptions {
  /** Reject with `TimeoutError` if not settled within this many ms (finite, >= 0). */
  readonly timeoutMs?: number | undefined;
  /** Clock for `timeoutMs` (default `systemClock`). */
  readonly clock?: Clock | undefined;
  /** A label carried in events (e.g. `'oauth:session-7'`). */
  readonly label?: string | undefined;
}

/**
 * Published on the `raceless:deferred` diagnostics channel (only when someone subscribes) for
 * every settle attempt that was refused.
 */
export interface DeferredEvent {
  readonly event: 'late-settle';
  /** The deferred's identity. */
  readonly id: number;
  readonly label: string | undefined;
  /** What was attempted. */
  readonly attempt: 'resolve' | 'reject';
  /** `already-settled`: a second settle; `wrong-id`: a settle aimed at another identity. */
  readonly why: 'already-settled' | 'wrong-id';
  /** The deferred's state when the attempt was refused. */
  readonly state: DeferredState;
}

/**
 * The `raceless:deferred` channel.
 * @example
 * deferredChannel.subscribe((e) => log.warn('late settle', e));
 */
export const deferredChannel = diagnostics_channel.channel('raceless:deferred');

let nextId = 1;

/**
 * A promise settled at most once, from outside.
 *
 * Guarantees:
 * - Exactly one outcome: the first `resolve`/`reject` (or the deadline) wins; every later attempt
 *   returns `false`, changes nothing, increments `lateSettleAttempts` and is published on the
 *   `raceless:deferred` channel.
 * - `state` is exact at every instant (it changes synchronously with the first settle).
 * - `id` is unique in the process. `resolveIf(id, …)` / `rejectIf(id, …)` settle only when the
 *   id matches, so a late signal meant for an old flow cannot settle a new one.
 * - A deadline (`timeoutMs`) rejects with `TimeoutError` and is cancelled by any earlier settle.
 * - The promise is marked handled: a rejection nobody awaits does not crash the process
 *   (awaiting `promise` still throws).
 *
 * @throws OutOfRangeError / InvalidArgumentError for bad options.
 * @example
 * const signIn = new Deferred<Token>({ timeoutMs: 120_000 });
 * onCallback((flowId, token) => signIn.resolveIf(flowId, token));
 * const token = await signIn.promise;
 */
export class Deferred<T> {
  /** Unique identity of this deferred (a positive integer, never reused in the process). */
  readonly id: number = nextId++;
  /** Settles once, with the first outcome. */
  readonly promise: Promise<T>;
  readonly #label: string | undefined;
  #resolve!: (value: T) => void;
  #reject!: (reason: unknown) => void;
  #state: DeferredState = 'pending';
  #late = 0;
  #cancelTimer: CancelTimer | undefined;

  constructor(options?: DeferredOptions) {
    const o = checkOptions('options', options);
    const timeoutMs = checkTimeoutMs('options.timeoutMs', o.timeoutMs);
    checkClock('options.clock', o.clock);
    this.#label = o.label === undefined ? undefined : String(o.label);
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.promise.catch(() => {});
    if (timeoutMs !== undefined) {
      const clock = (o.clock as Clock | undefined) ?? systemClock;
      const expire = () => {
        this.#settle(
          'reject',
          new TimeoutError(`deferred ${this.id}: not settled within ${timeoutMs} ms`),
        );
      };
      if (timeoutMs === 0) expire();
      else this.#cancelTimer = clock.setTimer(timeoutMs, expire);
    }
  }

  /** `pending`, `resolved` or `rejected`. */
  get state(): DeferredState {
    return this.#state;
  }

  /** Settle attempts refused so far (duplicates and wrong-id attempts). */
  get lateSettleAttempts(): number {
    return this.#late;
  }

  /**
   * Resolves with `value` if still pending. Returns false (and reports it) otherwise.
   * @example
   * if (!d.resolve(token)) log('late completion ignored');
   */
  resolve(value: T): boolean {
    return this.#attempt('resolve', value);
  }

  /**
   * Rejects with `reason` if still pending. Returns false (and reports it) otherwise.
   * @example
   * d.reject(new Error('denied'));
   */
  reject(reason: unknown): boolean {
    return this.#attempt('reject', reason);
  }

  /**
   * Resolves only if `id` is this deferred's identity and it is still pending.
   * @example
   * current.resolveIf(signal.flowId, signal.token); // a stale flow's signal is refused
   */
  resolveIf(id: number, value: T): boolean {
    return this.#attempt('resolve', value, id);
  }

  /**
   * Rejects only if `id` is this deferred's identity and it is still pending.
   * @example
   * current.rejectIf(signal.flowId, signal.error);
   */
  rejectIf(id: number, reason: unknown): boolean {
    return this.#attempt('reject', reason, id);
  }

  #attempt(attempt: 'resolve' | 'reject', payload: unknown, id?: number): boolean {
    if (id !== undefined && id !== this.id) {
      this.#report(attempt, 'wrong-id');
      return false;
    }
    if (this.#state !== 'pending') {
      this.#report(attempt, 'already-settled');
      return false;
    }
    this.#settle(attempt, payload);
    return true;
  }

  #settle(attempt: 'resolve' | 'reject', payload: unknown): void {
    if (this.#state !== 'pending') return;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (attempt === 'resolve') {
      this.#state = 'resolved';
      this.#resolve(payload as T);
    } else {
      this.#state = 'rejected';
      this.#reject(payload);
    }
  }

  #report(attempt: 'resolve' | 'reject', why: DeferredEvent['why']): void {
    this.#late++;
    if (deferredChannel.hasSubscribers) {
      const event: DeferredEvent = {
        event: 'late-settle',
        id: this.id,
        label: this.#label,
        attempt,
        why,
        state: this.#state,
      };
      deferredChannel.publish(event);
    }
  }
}
