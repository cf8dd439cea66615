/**
 * Token bucket: a bucket of `limit` tokens; `refill` tokens (default `limit`) are added at the end
 * of every whole `windowMs` interval counted from when the bucket was last full. A call takes
 * `cost` tokens.
 * Bound: in any span of d ms at most `limit + refill × floor(d / windowMs)` cost is admitted, so a
 * burst at one instant is held to `limit`, with no edge aligned to the clock.
 * State `{ t: interval anchor, k: tokens }` (`k` may go negative under consumeOnReject: debt).
 */
import type { LimitAlgorithmMath } from './types.js';
import { ceilDiv, intField } from './types.js';

interface S {
  readonly t: number;
  readonly k: number;
}

function refillOf(rule: { limit: number; refill?: number | undefined }): number {
  return rule.refill ?? rule.limit;
}

/**
 * Token-bucket math (pure; throws nothing for a validated rule).
 * @example
 * const s = tokenBucket.load(undefined, rule, now); tokenBucket.check(s, 1, rule, now) // true for an idle key
 */
export const tokenBucket: LimitAlgorithmMath<S> = {
  load(raw, rule, now) {
    const t = intField(raw, 't');
    const k = intField(raw, 'k');
    if (t === undefined || k === undefined || t > now) {
      return { t: now, k: rule.limit };
    }
    const refill = refillOf(rule);
    const ticks = Math.floor((now - t) / rule.windowMs);
    // Enough ticks to fill the bucket: full, and the interval restarts now.
    if (k >= rule.limit || ticks >= ceilDiv(rule.limit - k, refill))
      return { t: now, k: rule.limit };
    return { t: t + ticks * rule.windowMs, k: k + ticks * refill };
  },
  check: (s, cost) => s.k >= cost,
  consume: (s, cost) => ({ t: s.t, k: s.k - cost }),
  refund: (s, cost, rule, now) =>
    s.k + cost >= rule.limit ? { t: now, k: rule.limit } : { t: s.t, k: s.k + cost },
  remaining: (s) => Math.max(0, s.k),
  retryAfter(s, cost, rule, now) {
    if (s.k >= cost) return 0;
    return s.t + ceilDiv(cost - s.k, refillOf(rule)) * rule.windowMs - now;
  },
  resetAt(s, rule, now) {
    if (s.k >= rule.limit) return now;
    return s.t + ceilDiv(rule.limit - s.k, refillOf(rule)) * rule.windowMs;
  },
  dump: (s) => ({ t: s.t, k: s.k }),
};
