/**
 * The one-item rate-limit step on scalars, for a store that keeps its values in this process and
 * owns them (the memory store). It computes exactly what `decideLimits` computes for a
 * request with one item — the same outcome, the same value to write and the same TTL — without
 * the request/response shapes: the algorithm state lives in numbers on a reusable
 * {@link LimitStep} record, and a stored value that already has exactly the shape
 * `decideLimits` would write is updated in place instead of replaced. The common decision
 * (an existing key, no violation) creates no object (the engine may still box a number or two).
 *
 * `decideLimits` (src/limit/decide.ts and src/limit/algorithms/*.ts) stays the source of truth;
 * every formula below is a line-by-line copy of it, and a property test
 * (test/limit/single-item-step-matches-decide-limits.test.ts) runs both side by side.
 */
import type { Data } from '../data.js';
import type { LimitRequest, LimitRule } from '../store/contract.js';
import { ceilDiv, windowStart } from './algorithms/types.js';

/** The operation of a one-item step (see `LimitRequest.op`). */
export type LimitOp = LimitRequest['op'];

/** {@link LimitStep.write}: nothing to write (peek, or a consume while blocked). */
export const WRITE_NONE = 0;
/** {@link LimitStep.write}: the key's state is empty: delete its entry. */
export const WRITE_DELETE = 1;
/** {@link LimitStep.write}: store {@link LimitStep.value} with {@link LimitStep.ttlMs}. */
export const WRITE_SET = 2;

/**
 * @internal The outcome of the last {@link decideSingle} (the fields of `LimitItemOutcome`, plus
 * `nowMs` and what to write). One record is reused by every step of its owner: read it before
 * the next step.
 * @example
 * const step = new LimitStep();
 * decideSingle(step, 'consume', undefined, rule, 1, false, 0, now);
 * step.allowed; step.write === WRITE_SET; step.value; step.ttlMs;
 */
export class LimitStep {
  allowed = false;
  remaining = 0;
  resetAtMs = 0;
  retryAfterMs = 0;
  blockedUntilMs = 0;
  newlyBlocked = false;
  violations = 0;
  nowMs = 0;
  /** WRITE_NONE, WRITE_DELETE or WRITE_SET. */
  write = WRITE_NONE;
  /**
   * With WRITE_SET: the value to store — the stored value itself (updated in place) when it
   * already had the right shape, else a new one.
   */
  value: Data = null;
  /** With WRITE_SET: positive, finite. */
  ttlMs = 0;
  // The algorithm state (fixed window: w, n; sliding window: w, c, p; token bucket: t, k;
  // GCRA: t, x), in the order of the stored fields.
  s0 = 0;
  s1 = 0;
  s2 = 0;
  // The last window computed (see windowOf): length and start; length 0 matches nothing.
  cacheLen = 0;
  cacheStart = 0;
}

/**
 * `windowStart(now, len)`, remembering the last answer: every `now` of the same window gets the
 * same start, found with two comparisons instead of a floating-point remainder.
 */
function windowOf(o: LimitStep, now: number, len: number): number {
  if (len === o.cacheLen && now >= o.cacheStart && now - o.cacheStart < len) return o.cacheStart;
  const w = windowStart(now, len);
  // A start >= 0 is the start for every `now` in [start, start + len) (not so below 0).
  if (w >= 0) {
    o.cacheLen = len;
    o.cacheStart = w;
  }
  return w;
}

// Algorithm codes (a switch on small integers instead of on the rule's string).
const FIXED = 0;
const SLIDING = 1;
const BUCKET = 2;
const GCRA = 3;

function code(rule: LimitRule): number {
  switch (rule.algorithm) {
    case 'fixed-window':
      return FIXED;
    case 'sliding-window':
      return SLIDING;
    case 'token-bucket':
      return BUCKET;
    default:
      return GCRA;
  }
}

/** `intField` for a value already known to be a field of a plain object. */
function intOf(v: Data | undefined): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

function isObject(raw: Data | undefined): raw is Record<string, Data> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/** `algorithms[rule.algorithm].load(raw, rule, now)` into `o.s0..s2`. */
function load(o: LimitStep, alg: number, raw: Data | undefined, rule: LimitRule, now: number) {
  const obj = isObject(raw) ? raw : undefined;
  const W = rule.windowMs;
  if (alg === FIXED) {
    const w = windowOf(o, now, W);
    o.s0 = w;
    o.s1 = obj !== undefined && intOf(obj.w) === w ? (intOf(obj.n) ?? 0) : 0;
  } else if (alg === SLIDING) {
    const w = windowOf(o, now, W);
    const rw = obj === undefined ? undefined : intOf(obj.w);
    const rc = (obj === undefined ? undefined : intOf(obj.c)) ?? 0;
    o.s0 = w;
    if (rw === w) {
      o.s1 = rc;
      o.s2 = intOf(obj!.p) ?? 0;
    } else if (rw === w - W) {
      o.s1 = 0;
      o.s2 = rc;
    } else {
      o.s1 = 0;
      o.s2 = 0;
    }
  } else if (alg === BUCKET) {
    const t = obj === undefined ? undefined : intOf(obj.t);
    const k = obj === undefined ? undefined : intOf(obj.k);
    if (t === undefined || k === undefined || t > now) {
      o.s0 = now;
      o.s1 = rule.limit;
      return;
    }
    const refill = rule.refill ?? rule.limit;
    const ticks = Math.floor((now - t) / W);
    if (k >= rule.limit || ticks >= ceilDiv(rule.limit - k, refill)) {
      o.s0 = now;
      o.s1 = rule.limit;
      return;
    }
    o.s0 = t + ticks * W;
    o.s1 = k + ticks * refill;
  } else {
    const t = obj === undefined ? undefined : intOf(obj.t);
    const x = obj === undefined ? undefined : intOf(obj.x);
    o.s0 = now;
    if (t === undefined || x === undefined || t > now) {
      o.s1 = 0;
      return;
    }
    const dt = now - t;
    o.s1 = dt >= ceilDiv(x, rule.limit) ? 0 : x - dt * rule.limit;
  }
}

function fits(p: number, c: number, e: number, cost: number, limit: number, W: number): boolean {
  return p * (W - e) + (c + cost) * W <= limit * W;
}

function check(o: LimitStep, alg: number, cost: number, rule: LimitRule, now: number): boolean {
  switch (alg) {
    case FIXED:
      return o.s1 + cost <= rule.limit;
    case SLIDING:
      return fits(o.s2, o.s1, now - o.s0, cost, rule.limit, rule.windowMs);
    case BUCKET:
      return o.s1 >= cost;
    default:
      return o.s1 + cost * rule.windowMs <= (rule.burst ?? rule.limit) * rule.windowMs;
  }
}

function consume(o: LimitStep, alg: number, cost: number, rule: LimitRule): void {
  switch (alg) {
    case FIXED:
    case SLIDING:
      o.s1 = o.s1 + cost;
      return;
    case BUCKET:
      o.s1 = o.s1 - cost;
      return;
    default:
      o.s1 = o.s1 + cost * rule.windowMs;
  }
}

function refund(o: LimitStep, alg: number, cost: number, rule: LimitRule, now: number): void {
  switch (alg) {
    case FIXED:
    case SLIDING:
      o.s1 = Math.max(0, o.s1 - cost);
      return;
    case BUCKET:
      if (o.s1 + cost >= rule.limit) {
        o.s0 = now;
        o.s1 = rule.limit;
      } else {
        o.s1 = o.s1 + cost;
      }
      return;
    default:
      o.s1 = Math.max(0, o.s1 - cost * rule.windowMs);
  }
}

function remaining(o: LimitStep, alg: number, rule: LimitRule, now: number): number {
  switch (alg) {
    case FIXED:
      return Math.max(0, rule.limit - o.s1);
    case SLIDING: {
      const W = rule.windowMs;
      const room = rule.limit * W - o.s2 * (W - (now - o.s0)) - o.s1 * W;
      return Math.max(0, Math.floor(room / W));
    }
    case BUCKET:
      return Math.max(0, o.s1);
    default: {
      const W = rule.windowMs;
      return Math.max(0, Math.floor(((rule.burst ?? rule.limit) * W - o.s1) / W));
    }
  }
}

function retryAfter(o: LimitStep, alg: number, cost: number, rule: LimitRule, now: number): number {
  const W = rule.windowMs;
  switch (alg) {
    case FIXED:
      return o.s1 + cost <= rule.limit ? 0 : o.s0 + W - now;
    case SLIDING: {
      const w = o.s0;
      const c = o.s1;
      const p = o.s2;
      const e = now - w;
      if (fits(p, c, e, cost, rule.limit, W)) return 0;
      if (c + cost <= rule.limit) {
        const at = Math.max(e, W - Math.floor(((rule.limit - c - cost) * W) / p));
        if (at < W) return at - e;
      }
      const at = c === 0 ? 0 : Math.max(0, W - Math.floor(((rule.limit - cost) * W) / c));
      return W - e + at;
    }
    case BUCKET:
      if (o.s1 >= cost) return 0;
      return o.s0 + ceilDiv(cost - o.s1, rule.refill ?? rule.limit) * W - now;
    default: {
      const excess = o.s1 + cost * W - (rule.burst ?? rule.limit) * W;
      return excess <= 0 ? 0 : ceilDiv(excess, rule.limit);
    }
  }
}

function resetAt(o: LimitStep, alg: number, rule: LimitRule, now: number): number {
  switch (alg) {
    case FIXED:
      return o.s1 > 0 ? o.s0 + rule.windowMs : now;
    case SLIDING:
      if (o.s1 > 0) return o.s0 + 2 * rule.windowMs;
      if (o.s2 > 0) return o.s0 + rule.windowMs;
      return now;
    case BUCKET:
      if (o.s1 >= rule.limit) return now;
      return o.s0 + ceilDiv(rule.limit - o.s1, rule.refill ?? rule.limit) * rule.windowMs;
    default:
      return now + ceilDiv(o.s1, rule.limit);
  }
}

/** `algorithms[...].dump(s)`: a new state object. */
function dumpState(o: LimitStep, alg: number): Data {
  switch (alg) {
    case FIXED:
      return { w: o.s0, n: o.s1 };
    case SLIDING:
      return { w: o.s0, c: o.s1, p: o.s2 };
    case BUCKET:
      return { t: o.s0, k: o.s1 };
    default:
      return { t: o.s0, x: o.s1 };
  }
}

/** Number of enumerable properties (own and inherited) of `obj`. */
function fieldCount(obj: object): number {
  let n = 0;
  for (const _ in obj) n++;
  return n;
}

/** Whether `s` has exactly the fields `dumpState` creates for `alg`. */
function stateShaped(alg: number, s: Record<string, Data>): boolean {
  switch (alg) {
    case FIXED:
      return typeof s.w === 'number' && typeof s.n === 'number' && fieldCount(s) === 2;
    case SLIDING:
      return (
        typeof s.w === 'number' &&
        typeof s.c === 'number' &&
        typeof s.p === 'number' &&
        fieldCount(s) === 3
      );
    case BUCKET:
      return typeof s.t === 'number' && typeof s.k === 'number' && fieldCount(s) === 2;
    default:
      return typeof s.t === 'number' && typeof s.x === 'number' && fieldCount(s) === 2;
  }
}

/** Writes the state into `s` (shaped: see stateShaped). Throws for a read-only field. */
function dumpInto(o: LimitStep, alg: number, s: Record<string, Data>): void {
  switch (alg) {
    case FIXED:
      s.w = o.s0;
      s.n = o.s1;
      return;
    case SLIDING:
      s.w = o.s0;
      s.c = o.s1;
      s.p = o.s2;
      return;
    case BUCKET:
      s.t = o.s0;
      s.k = o.s1;
      return;
    default:
      s.t = o.s0;
      s.x = o.s1;
  }
}

/**
 * @internal `decideLimits({ op, items: [{ rule, cost, ... }], consumeOnReject, blockMs }, [raw],
 * now)` for one item, into `o`: the outcome fields, `nowMs`, and what to write (`o.write`,
 * `o.value`, `o.ttlMs` — exactly the value and TTL of `decideLimits`' write, or no write).
 * `raw` is the item's live stored value; when it already has exactly the shape of the value to
 * write, it is updated in place and `o.value === raw`, so the caller must own it (no one else
 * may hold a reference). Never throws for a validated rule and cost.
 * @example
 * decideSingle(step, 'consume', slot?.value, rule, 1, false, 0, clock.now());
 * if (step.write === WRITE_SET) store(step.value, step.ttlMs);
 */
export function decideSingle(
  o: LimitStep,
  op: LimitOp,
  raw: Data | undefined,
  rule: LimitRule,
  cost: number,
  consumeOnReject: boolean,
  blockMs: number,
  now: number,
): void {
  const alg = code(rule);
  // loadEnv
  const obj = isObject(raw) ? (raw as Record<string, Data>) : undefined;
  const same = obj !== undefined && obj.a === rule.algorithm;
  const vwLen = rule.violationWindowMs ?? rule.windowMs;
  // The violation window's start: needed only to read or write violations.
  let vwNow = 0;
  let v = 0;
  let b = 0;
  if (same) {
    b = intOf(obj.b) ?? 0;
    const vw = intOf(obj.vw);
    if (vw !== undefined) {
      vwNow = windowOf(o, now, vwLen);
      if (vw === vwNow) v = intOf(obj.v) ?? 0;
    }
  }
  if (!(b > now)) b = 0;
  load(o, alg, same ? obj.s : undefined, rule, now);

  // decideOne
  let allowed: boolean;
  let newly = false;
  let viol = 0;
  let dirty = false;
  if (op === 'consume') {
    const blocked = b > now;
    allowed = !blocked && check(o, alg, cost, rule, now);
    if (allowed) {
      consume(o, alg, cost, rule);
    } else {
      if (consumeOnReject && !blocked) consume(o, alg, cost, rule);
      if (!blocked) {
        v += 1;
        const limit = rule.blockAfter;
        if (limit !== undefined && v >= limit && rule.blockMs !== undefined) {
          viol = v;
          b = now + rule.blockMs;
          v = 0;
          newly = true;
        }
      }
    }
    dirty = allowed || consumeOnReject || !blocked;
  } else {
    if (op === 'refund') {
      refund(o, alg, cost, rule, now);
      dirty = true;
    } else if (op === 'block') {
      b = now + blockMs;
      dirty = true;
    }
    allowed = b <= now && check(o, alg, cost, rule, now);
  }

  // outcome
  const blocked = b > now;
  const retry = allowed ? 0 : retryAfter(o, alg, cost, rule, now);
  const reset = resetAt(o, alg, rule, now);
  o.allowed = allowed;
  o.remaining = blocked ? 0 : remaining(o, alg, rule, now);
  o.resetAtMs = Math.max(reset, blocked ? b : now);
  o.retryAfterMs = blocked ? Math.max(retry, b - now) : retry;
  o.blockedUntilMs = blocked ? b : 0;
  o.newlyBlocked = newly;
  o.violations = newly ? viol : v;
  o.nowMs = now;

  // dumpEnv
  if (!dirty) {
    o.write = WRITE_NONE;
    return;
  }
  if (v > 0) vwNow = windowOf(o, now, vwLen);
  let end = reset;
  if (b > end) end = b;
  if (v > 0 && vwNow + vwLen > end) end = vwNow + vwLen;
  if (end <= now) {
    o.write = WRITE_DELETE;
    return;
  }
  o.write = WRITE_SET;
  o.ttlMs = end - now;
  // In place when the stored value has exactly the fields of the value to write.
  if (
    same &&
    isObject(obj.s) &&
    (v === 0 || (obj.v !== undefined && obj.vw !== undefined)) &&
    (!blocked || obj.b !== undefined) &&
    fieldCount(obj) === 2 + (v > 0 ? 2 : 0) + (blocked ? 1 : 0) &&
    stateShaped(alg, obj.s as Record<string, Data>)
  ) {
    try {
      dumpInto(o, alg, obj.s as Record<string, Data>);
      if (v > 0) {
        obj.v = v;
        obj.vw = vwNow;
      }
      if (blocked) obj.b = b;
      o.value = obj;
      return;
    } catch {
      // A read-only field (a frozen value someone else wrote): replaced below, as decideLimits
      // replaces every value.
    }
  }
  const value: Record<string, Data> = { a: rule.algorithm, s: dumpState(o, alg) };
  if (v > 0) {
    value.v = v;
    value.vw = vwNow;
  }
  if (blocked) value.b = b;
  o.value = value;
}
