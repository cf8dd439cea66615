/**
 * One waiter's promise with exactly one terminal transition: granted, cancelled (abort or
 * `cancel()`), or timed out. Whichever comes first wins; the others become no-ops. Granting
 * disarms the timer and the abort listener in the same synchronous step, so an abort that lands
 * after the grant cannot take back what was granted (nor leak it). Internal to `sync/`.
 */
import type { CancelTimer, Clock } from '../clock.js';
import { AbortedError, TimeoutError } from '../errors.js';
import type { CheckedWait } from './options.js';

/** Where a waiter ended. */
export type WaiterState = 'waiting' | 'granted' | 'cancelled' | 'timed-out';

/** A promise plus its settle-once terminal transition. */
export class Pending<T> {
  readonly promise: Promise<T>;
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;
  #state: WaiterState = 'waiting';
  #cancelTimer: CancelTimer | undefined;
  #signal: AbortSignal | undefined;
  #onAbort: (() => void) | undefined;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  get state(): WaiterState {
    return this.#state;
  }

  /**
   * Starts the timeout and abort watch. `onGiveUp` runs synchronously when the wait ends by
   * timeout or abort, before anyone can observe the rejection: it unlinks the waiter.
   * `timeoutMs: 0` times out at once (the caller only arms after failing the fast path).
   */
  arm(wait: CheckedWait, clock: Clock, what: string, onGiveUp: () => void): void {
    const { signal, timeoutMs } = wait;
    if (signal) {
      if (signal.aborted) {
        this.#giveUp('cancelled', new AbortedError(`${what}: aborted`, signal.reason), onGiveUp);
        return;
      }
      const onAbort = () => {
        this.#giveUp('cancelled', new AbortedError(`${what}: aborted`, signal.reason), onGiveUp);
      };
      this.#signal = signal;
      this.#onAbort = onAbort;
      signal.addEventListener('abort', onAbort, { once: true });
    }
    if (timeoutMs !== undefined) {
      const timeout = () => {
        this.#giveUp(
          'timed-out',
          new TimeoutError(`${what}: wait timed out after ${timeoutMs} ms`),
          onGiveUp,
        );
      };
      if (timeoutMs === 0) timeout();
      else if (this.#state === 'waiting') this.#cancelTimer = clock.setTimer(timeoutMs, timeout);
    }
  }

  /** Grants `value`; false if this waiter already ended. */
  grant(value: T): boolean {
    if (this.#state !== 'waiting') return false;
    this.#state = 'granted';
    this.#disarm();
    this.#resolve(value);
    return true;
  }

  /** Ends the wait with `error` (state `cancelled`); false if it already ended. */
  fail(error: unknown): boolean {
    if (this.#state !== 'waiting') return false;
    this.#state = 'cancelled';
    this.#disarm();
    this.#reject(error);
    return true;
  }

  #giveUp(state: 'cancelled' | 'timed-out', error: unknown, onGiveUp: () => void): void {
    if (this.#state !== 'waiting') return;
    this.#state = state;
    this.#disarm();
    onGiveUp();
    this.#reject(error);
  }

  #disarm(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#signal && this.#onAbort) this.#signal.removeEventListener('abort', this.#onAbort);
    this.#signal = undefined;
    this.#onAbort = undefined;
  }
}

/** A rejection for a signal that was already aborted when the call was made. */
export function abortedAlready(what: string, signal: AbortSignal): Promise<never> {
  return Promise.reject(new AbortedError(`${what}: aborted`, signal.reason));
}
