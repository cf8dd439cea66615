/**
 * Clocks. Every time-based behaviour in raceless reads time through a {@link Clock}, so tests
 * inject a {@link ManualClock} and never sleep.
 */
import { OutOfRangeError } from './errors.js';

/** Cancels a timer; calling it again does nothing. */
export type CancelTimer = () => void;

/** A source of milliseconds and timers. */
export interface Clock {
  /** Current time in whole milliseconds; never goes backwards. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; returns an idempotent canceller. */
  setTimer(ms: number, fn: () => void): CancelTimer;
}

const origin = performance.timeOrigin;

/**
 * The default clock: whole milliseconds on a monotonic timer (`performance.now()`), offset by
 * `performance.timeOrigin` so values from different threads of one host are comparable.
 * Timers are unref'd: a pending timeout never keeps the process alive.
 * @example
 * const t0 = systemClock.now();
 */
export const systemClock: Clock = {
  now: () => Math.floor(origin + performance.now()),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when told. Timers fire inside `advance`/`set`, in due-time order
 * (ties in creation order), each seeing `now()` equal to its due time.
 * @throws OutOfRangeError when asked to move backwards or by a non-finite amount.
 * @example
 * const clock = new ManualClock(1_000);
 * clock.setTimer(50, () => console.log('fired at', clock.now()));
 * clock.advance(50); // fired at 1050
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: PendingTimer[] = [];

  constructor(start = 0) {
    if (!Number.isSafeInteger(start) || start < 0) {
      throw new OutOfRangeError('start', 'must be a non-negative safe integer');
    }
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): CancelTimer {
    if (!Number.isFinite(ms) || ms < 0) throw new OutOfRangeError('ms', 'must be finite and >= 0');
    const timer: PendingTimer = { at: this.#now + Math.ceil(ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      const i = this.#timers.indexOf(timer);
      if (i >= 0) this.#timers.splice(i, 1);
    };
  }

  /** Number of timers not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new OutOfRangeError('ms', 'must be finite and >= 0');
    this.set(this.#now + Math.floor(ms));
  }

  /** Moves time forward to `ms`, firing every timer that falls due on the way. */
  set(ms: number): void {
    if (!Number.isSafeInteger(ms) || ms < this.#now) {
      throw new OutOfRangeError('ms', `must be a safe integer >= now (${this.#now})`);
    }
    for (;;) {
      let next: PendingTimer | undefined;
      for (const t of this.#timers) {
        if (
          t.at <= ms &&
          (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq))
        ) {
          next = t;
        }
      }
      if (next === undefined) break;
      this.#timers.splice(this.#timers.indexOf(next), 1);
      this.#now = next.at;
      next.fn();
    }
    this.#now = ms;
  }
}
