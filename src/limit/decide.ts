/**
 * One rate-limit decision as a pure function over the items' stored values: what
 * `Store.rateLimit` does inside its atomic step. A backend reads every item's entry, calls
 * {@link decideLimits} with its clock's `now`, and writes back `writes` (value + TTL, or delete),
 * all in the same step. Every value written carries a finite TTL: the moment the key's state is
 * empty again (window over, bucket full, block and violation window ended).
 *
 * Stored value of one key: `{ a: algorithm, s: algorithm state, v?: violations, vw?: violation
 * window start, b?: blocked until }`. A value written by another algorithm reads as empty.
 */
import type { Data } from '../data.js';
import type {
  LimitItem,
  LimitItemOutcome,
  LimitRequest,
  LimitResponse,
} from '../store/contract.js';
import { algorithms } from './algorithms/index.js';
import { intField, windowStart } from './algorithms/types.js';

/** A write to apply: `value` null deletes the entry (its state is empty). */
export interface LimitWrite {
  /** Index of the first item naming this table/key. */
  readonly index: number;
  readonly table: string;
  readonly key: string;
  readonly value: Data | null;
  /** Positive, finite (when value is not null). */
  readonly ttlMs: number;
}

interface Env {
  s: unknown;
  v: number;
  vw: number;
  b: number;
}

function loadEnv(raw: Data | undefined, item: LimitItem, now: number): Env {
  const math = algorithms[item.rule.algorithm];
  const obj =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? (raw as Record<string, Data>)
      : undefined;
  const same = obj !== undefined && obj.a === item.rule.algorithm;
  const vwLen = item.rule.violationWindowMs ?? item.rule.windowMs;
  const vwNow = windowStart(now, vwLen);
  const vw = same ? intField(raw, 'vw') : undefined;
  const b = same ? (intField(raw, 'b') ?? 0) : 0;
  return {
    s: math.load(same ? obj.s : undefined, item.rule, now),
    v: vw === vwNow ? (intField(raw, 'v') ?? 0) : 0,
    vw: vwNow,
    b: b > now ? b : 0,
  };
}

function dumpEnv(env: Env, item: LimitItem, now: number): { value: Data | null; ttlMs: number } {
  const math = algorithms[item.rule.algorithm];
  const vwLen = item.rule.violationWindowMs ?? item.rule.windowMs;
  let end = math.resetAt(env.s, item.rule, now);
  if (env.b > end) end = env.b;
  if (env.v > 0 && env.vw + vwLen > end) end = env.vw + vwLen;
  if (end <= now) return { value: null, ttlMs: 0 };
  const value: Record<string, Data> = { a: item.rule.algorithm, s: math.dump(env.s) };
  if (env.v > 0) {
    value.v = env.v;
    value.vw = env.vw;
  }
  if (env.b > now) value.b = env.b;
  return { value, ttlMs: end - now };
}

function outcome(
  env: Env,
  item: LimitItem,
  now: number,
  allowed: boolean,
  newlyBlocked: boolean,
  violations: number,
): LimitItemOutcome {
  const math = algorithms[item.rule.algorithm];
  const blocked = env.b > now;
  const retry = allowed ? 0 : math.retryAfter(env.s, item.cost, item.rule, now);
  return {
    allowed,
    remaining: blocked ? 0 : math.remaining(env.s, item.rule, now),
    resetAtMs: Math.max(math.resetAt(env.s, item.rule, now), blocked ? env.b : now),
    retryAfterMs: blocked ? Math.max(retry, env.b - now) : retry,
    blockedUntilMs: blocked ? env.b : 0,
    newlyBlocked,
    violations,
  };
}

/**
 * Applies `request` to the items' current values (`values[i]` is the live value of item i's
 * table/key, or undefined) at time `now`. Items naming the same table/key see each other's
 * effects in order. Returns the response and the writes; throws nothing for valid requests.
 * @example
 * const { response, writes } = decideLimits({ op: 'consume', items }, [undefined], 1_000);
 */
export function decideLimits(
  request: LimitRequest,
  values: readonly (Data | undefined)[],
  now: number,
): { response: LimitResponse; writes: LimitWrite[] } {
  const items = request.items;
  if (items.length === 1) return decideOne(request, items[0]!, values[0], now);
  // One working state per distinct table/key; items map to it.
  const ids = new Map<string, number>();
  const slotOf: number[] = [];
  const firstIndex: number[] = [];
  const base: Env[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const id = JSON.stringify([item.table, item.key]);
    let slot = ids.get(id);
    if (slot === undefined) {
      slot = base.length;
      ids.set(id, slot);
      firstIndex.push(i);
      base.push(loadEnv(values[i], item, now));
    }
    slotOf.push(slot);
  }
  const copy = (e: Env): Env => ({ ...e });
  let work = base.map(copy);
  const own: boolean[] = [];
  const blockedAt: boolean[] = [];
  const newly: boolean[] = new Array(items.length).fill(false);
  const viol: number[] = [];
  let dirty = false;
  let allowedAll = true;

  if (request.op === 'consume') {
    // Pass 1: check every item against the state the items before it would leave.
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const env = work[slotOf[i]!]!;
      const math = algorithms[item.rule.algorithm];
      const blocked = env.b > now;
      const ok = !blocked && math.check(env.s, item.cost, item.rule, now);
      own.push(ok);
      blockedAt.push(blocked);
      if (ok) env.s = math.consume(env.s, item.cost, item.rule, now);
      else allowedAll = false;
    }
    if (!allowedAll) {
      // Pass 2: nothing consumed unless asked; violations counted on the original state.
      work = base.map(copy);
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        const env = work[slotOf[i]!]!;
        const math = algorithms[item.rule.algorithm];
        if (request.consumeOnReject === true && !blockedAt[i]) {
          env.s = math.consume(env.s, item.cost, item.rule, now);
        }
        if (!own[i] && !blockedAt[i]) {
          env.v += 1;
          const limit = item.rule.blockAfter;
          if (limit !== undefined && env.v >= limit && item.rule.blockMs !== undefined) {
            viol[i] = env.v;
            env.b = now + item.rule.blockMs;
            env.v = 0;
            newly[i] = true;
          }
        }
      }
    }
    dirty =
      allowedAll || request.consumeOnReject === true || own.some((ok, i) => !ok && !blockedAt[i]);
  } else if (request.op === 'refund') {
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const env = work[slotOf[i]!]!;
      env.s = algorithms[item.rule.algorithm].refund(env.s, item.cost, item.rule, now);
    }
    dirty = true;
  } else if (request.op === 'block') {
    for (let i = 0; i < items.length; i++) {
      const env = work[slotOf[i]!]!;
      env.b = now + (request.blockMs ?? 0);
    }
    dirty = true;
  }

  const outcomes: LimitItemOutcome[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const env = work[slotOf[i]!]!;
    const math = algorithms[item.rule.algorithm];
    const allowed =
      request.op === 'consume'
        ? own[i]!
        : env.b <= now && math.check(env.s, item.cost, item.rule, now);
    outcomes.push(outcome(env, item, now, allowed, newly[i]!, viol[i] ?? env.v));
  }
  const writes: LimitWrite[] = [];
  if (dirty) {
    for (let slot = 0; slot < work.length; slot++) {
      const i = firstIndex[slot]!;
      const item = items[i]!;
      const { value, ttlMs } = dumpEnv(work[slot]!, item, now);
      writes.push({ index: i, table: item.table, key: item.key, value, ttlMs });
    }
  }
  const allowed = request.op === 'consume' ? allowedAll : outcomes.every((o) => o.allowed);
  return { response: { allowed, items: outcomes, nowMs: now }, writes };
}

/** {@link decideLimits} for one item: the same steps, without the bookkeeping for shared keys. */
function decideOne(
  request: LimitRequest,
  item: LimitItem,
  raw: Data | undefined,
  now: number,
): { response: LimitResponse; writes: LimitWrite[] } {
  // A single item's working state is changed only by a passing check (consume), so the state a
  // rejected consume starts over from is this same one.
  const env = loadEnv(raw, item, now);
  const math = algorithms[item.rule.algorithm];
  let own = false;
  let newly = false;
  let viol: number | undefined;
  let dirty = false;
  if (request.op === 'consume') {
    const blocked = env.b > now;
    own = !blocked && math.check(env.s, item.cost, item.rule, now);
    if (own) {
      env.s = math.consume(env.s, item.cost, item.rule, now);
    } else {
      if (request.consumeOnReject === true && !blocked) {
        env.s = math.consume(env.s, item.cost, item.rule, now);
      }
      if (!blocked) {
        env.v += 1;
        const limit = item.rule.blockAfter;
        if (limit !== undefined && env.v >= limit && item.rule.blockMs !== undefined) {
          viol = env.v;
          env.b = now + item.rule.blockMs;
          env.v = 0;
          newly = true;
        }
      }
    }
    dirty = own || request.consumeOnReject === true || !blocked;
  } else if (request.op === 'refund') {
    env.s = math.refund(env.s, item.cost, item.rule, now);
    dirty = true;
  } else if (request.op === 'block') {
    env.b = now + (request.blockMs ?? 0);
    dirty = true;
  }
  const allowed =
    request.op === 'consume' ? own : env.b <= now && math.check(env.s, item.cost, item.rule, now);
  const out = outcome(env, item, now, allowed, newly, viol ?? env.v);
  const writes: LimitWrite[] = [];
  if (dirty) {
    const { value, ttlMs } = dumpEnv(env, item, now);
    writes.push({ index: 0, table: item.table, key: item.key, value, ttlMs });
  }
  return { response: { allowed, items: [out], nowMs: now }, writes };
}
