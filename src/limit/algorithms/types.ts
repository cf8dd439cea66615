/**
 * The shape every rate-limit algorithm implements: pure functions over plain data, so the memory
 * store runs them inside its synchronous step and the Redis (Lua) and workers (CAS) backends can
 * mirror them line by line. All arithmetic is on safe integers — no floating point, so every
 * backend computes the same answers.
 */
import type { Data } from '../../data.js';
import type { LimitRule } from '../../store/contract.js';

/** One algorithm's math. `S` is its state; `load` turns stored data (or nothing) into it. */
export interface LimitAlgorithmMath<S> {
  /** The state at `now`: stored data brought forward (windows rolled, tokens refilled). */
  load(raw: Data | undefined, rule: LimitRule, now: number): S;
  /** Whether `cost` can be consumed now. */
  check(s: S, cost: number, rule: LimitRule, now: number): boolean;
  /** Consumes `cost` unconditionally (a rejected consume only calls it with consumeOnReject). */
  consume(s: S, cost: number, rule: LimitRule, now: number): S;
  /** Gives `cost` back, never below the empty state. */
  refund(s: S, cost: number, rule: LimitRule, now: number): S;
  /** Cost admissible now (>= 0). */
  remaining(s: S, rule: LimitRule, now: number): number;
  /** 0 when `check` passes; otherwise ms until a call of `cost` could pass if nothing else runs. */
  retryAfter(s: S, cost: number, rule: LimitRule, now: number): number;
  /** When the state is empty again if nothing else runs (<= now: empty already). */
  resetAt(s: S, rule: LimitRule, now: number): number;
  /** The state as stored data. */
  dump(s: S): Data;
}

/**
 * A safe integer field of a stored object, or undefined (never throws).
 * @example intField({ n: 3 }, 'n') // 3
 */
export function intField(raw: Data | undefined, field: string): number | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const v = (raw as Record<string, Data>)[field];
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

/**
 * Start of the fixed window of length `windowMs` that contains `now`.
 * @example windowStart(1_250, 1_000) // 1000
 */
export function windowStart(now: number, windowMs: number): number {
  return now - (now % windowMs);
}

/**
 * ceil(a / b) for non-negative integers.
 * @example ceilDiv(7, 2) // 4
 */
export function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}
