/**
 * Fixed window: at most `limit` cost per aligned window `[k·windowMs, (k+1)·windowMs)`.
 * Bound: a burst straddling a window edge can see up to 2 × limit within windowMs.
 * State `{ w: window start, n: cost consumed in it }`.
 */
import type { LimitAlgorithmMath } from './types.js';
import { intField, windowStart } from './types.js';

interface S {
  readonly w: number;
  readonly n: number;
}

/**
 * Fixed-window math (pure; throws nothing for a validated rule).
 * @example
 * const s = fixedWindow.load(undefined, rule, now); fixedWindow.check(s, 1, rule, now) // true for an idle key
 */
export const fixedWindow: LimitAlgorithmMath<S> = {
  load(raw, rule, now) {
    const w = windowStart(now, rule.windowMs);
    return { w, n: intField(raw, 'w') === w ? (intField(raw, 'n') ?? 0) : 0 };
  },
  check: (s, cost, rule) => s.n + cost <= rule.limit,
  consume: (s, cost) => ({ w: s.w, n: s.n + cost }),
  refund: (s, cost) => ({ w: s.w, n: Math.max(0, s.n - cost) }),
  remaining: (s, rule) => Math.max(0, rule.limit - s.n),
  retryAfter: (s, cost, rule, now) => (s.n + cost <= rule.limit ? 0 : s.w + rule.windowMs - now),
  resetAt: (s, rule, now) => (s.n > 0 ? s.w + rule.windowMs : now),
  dump: (s) => ({ w: s.w, n: s.n }),
};
