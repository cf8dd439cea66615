/**
 * Option types and argument checks shared by the `sync/` primitives. Each check throws a typed
 * error naming the argument.
 */
import { InvalidArgumentError, OutOfRangeError } from '../errors.js';

/** How long, and until what, a caller is willing to wait. */
export interface WaitOptions {
  /** Stop waiting when this signal aborts (rejects with `AbortedError`). */
  readonly signal?: AbortSignal | undefined;
  /**
   * Stop waiting after this many milliseconds (rejects with `TimeoutError`); finite and >= 0.
   * `0` means "only if it can be had right now". Bounds the wait only, never the work.
   */
  readonly timeoutMs?: number | undefined;
}

/** Validated {@link WaitOptions}. */
export interface CheckedWait {
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks an options bag (undefined or a plain object). */
export function checkOptions(argument: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) throw new InvalidArgumentError(argument, 'must be an object');
  return value;
}

/** Checks a timeout: undefined, or a finite number >= 0. */
export function checkTimeoutMs(argument: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') {
    throw new InvalidArgumentError(argument, `must be a number, got ${typeof value}`);
  }
  if (!Number.isFinite(value) || value < 0) {
    throw new OutOfRangeError(argument, `must be finite and >= 0, got ${value}`);
  }
  return value;
}

/** Checks a signal: undefined, or an AbortSignal. */
export function checkSignal(argument: string, value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal)) {
    throw new InvalidArgumentError(argument, 'must be an AbortSignal');
  }
  return value;
}

/** Checks `{ signal, timeoutMs }`. */
export function checkWait(value: unknown): CheckedWait {
  const o = checkOptions('options', value);
  return {
    signal: checkSignal('options.signal', o.signal),
    timeoutMs: checkTimeoutMs('options.timeoutMs', o.timeoutMs),
  };
}

/** Checks a positive safe integer. */
export function checkPositiveInt(argument: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new InvalidArgumentError(argument, `must be a number, got ${typeof value}`);
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new OutOfRangeError(argument, `must be a positive safe integer, got ${value}`);
  }
  return value;
}

/** Checks a positive safe integer or `Infinity`. */
export function checkLimit(argument: string, value: unknown): number {
  if (value === Number.POSITIVE_INFINITY) return value;
  return checkPositiveInt(argument, value);
}

/** Checks a non-negative safe integer. */
export function checkNonNegativeInt(argument: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new InvalidArgumentError(argument, `must be a number, got ${typeof value}`);
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new OutOfRangeError(argument, `must be a non-negative safe integer, got ${value}`);
  }
  return value;
}

/** Checks a function. */
export function checkFunction(argument: string, value: unknown): void {
  if (typeof value !== 'function') throw new InvalidArgumentError(argument, 'must be a function');
}

/** Checks a clock: undefined, or an object with `now` and `setTimer`. */
export function checkClock(argument: string, value: unknown): void {
  if (value === undefined) return;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as { now?: unknown }).now !== 'function' ||
    typeof (value as { setTimer?: unknown }).setTimer !== 'function'
  ) {
    throw new InvalidArgumentError(argument, 'must be a Clock ({ now, setTimer })');
  }
}

/** Runs `check` and turns a throw into a rejected promise (async APIs never throw synchronously). */
export function rejectOnThrow<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return Promise.reject(error);
  }
}
