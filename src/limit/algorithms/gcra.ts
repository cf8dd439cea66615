/**
 * GCRA (generic cell rate algorithm, the "continuous-state leaky bucket" form): each unit of cost
 * is due `windowMs / limit` ms after the previous one; up to `burst` (default `limit`) units may be
 * taken at once from an idle key. To stay in integers, time is counted in units of
 * `1 / limit` ms: a unit of cost adds `windowMs` to the debt `x`, and the debt drains by `limit`
 * per ms. A call passes when `x + cost × windowMs <= burst × windowMs`.
 * Bound: in any span of d ms at most `burst + floor(d × limit / windowMs)` cost is admitted — a
 * burst at one instant is held to `burst`, and the long-run rate is exactly `limit` per windowMs.
 * State `{ t: time of x, x: debt in 1/limit ms }`.
 */
import type { LimitAlgorithmMath } from './types.js';
import { ceilDiv, intField } from './types.js';

interface S {
  readonly t: number;
  readonly x: number;
}

function burstOf(rule: { limit: number; burst?: number | undefined }): number {
  return rule.burst ?? rule.limit;
}

/**
 * GCRA math (pure; throws nothing for a validated rule).
 * @example
 * const s = gcra.load(undefined, rule, now); gcra.check(s, 1, rule, now) // true for an idle key
 */
export const gcra: LimitAlgorithmMath<S> = {
  load(raw, rule, now) {
    const t = intField(raw, 't');
    const x = intField(raw, 'x');
    if (t === undefined || x === undefined || t > now) return { t: now, x: 0 };
    const dt = now - t;
    // Compare before multiplying so an old state cannot overflow.
    return { t: now, x: dt >= ceilDiv(x, rule.limit) ? 0 : x - dt * rule.limit };
  },
  check: (s, cost, rule) => s.x + cost * rule.windowMs <= burstOf(rule) * rule.windowMs,
  consume: (s, cost, rule) => ({ t: s.t, x: s.x + cost * rule.windowMs }),
  refund: (s, cost, rule) => ({ t: s.t, x: Math.max(0, s.x - cost * rule.windowMs) }),
  remaining: (s, rule) =>
    Math.max(0, Math.floor((burstOf(rule) * rule.windowMs - s.x) / rule.windowMs)),
  retryAfter(s, cost, rule) {
    const excess = s.x + cost * rule.windowMs - burstOf(rule) * rule.windowMs;
    return excess <= 0 ? 0 : ceilDiv(excess, rule.limit);
  },
  resetAt: (s, rule, now) => now + ceilDiv(s.x, rule.limit),
  dump: (s) => ({ t: s.t, x: s.x }),
};
