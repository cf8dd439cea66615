/**
 * Sliding window by counter interpolation (the Cloudflare / @upstash `slidingWindow` estimate):
 * at `e` ms into the current aligned window, the estimate is
 * `previous × (windowMs − e) / windowMs + current`, and a call passes when
 * `estimate + cost <= limit`. Compared exactly in integers:
 * `previous × (windowMs − e) + (current + cost) × windowMs <= limit × windowMs`.
 *
 * Bound: a burst straddling the window edge is held to `limit` (at the edge the previous window
 * weighs fully). The estimate assumes the previous window's traffic was spread evenly; an
 * adversary who times calls to the end of one window and to just before the end of the next can
 * reach just under 2 × limit within one windowMs. No aligned window ever exceeds `limit`.
 * State `{ w: current window start, c: current cost, p: previous window's cost }`.
 */
import type { LimitAlgorithmMath } from './types.js';
import { intField, windowStart } from './types.js';

interface S {
  readonly w: number;
  readonly c: number;
  readonly p: number;
}

function fits(p: number, c: number, e: number, cost: number, limit: number, W: number): boolean {
  return p * (W - e) + (c + cost) * W <= limit * W;
}

/**
 * Sliding-window (interpolated counter) math (pure; throws nothing for a validated rule).
 * @example
 * const s = slidingWindow.load(undefined, rule, now); slidingWindow.check(s, 1, rule, now) // true for an idle key
 */
export const slidingWindow: LimitAlgorithmMath<S> = {
  load(raw, rule, now) {
    const W = rule.windowMs;
    const w = windowStart(now, W);
    const rw = intField(raw, 'w');
    const rc = intField(raw, 'c') ?? 0;
    if (rw === w) return { w, c: rc, p: intField(raw, 'p') ?? 0 };
    if (rw === w - W) return { w, c: 0, p: rc };
    return { w, c: 0, p: 0 };
  },
  check: (s, cost, rule, now) => fits(s.p, s.c, now - s.w, cost, rule.limit, rule.windowMs),
  consume: (s, cost) => ({ w: s.w, c: s.c + cost, p: s.p }),
  refund: (s, cost) => ({ w: s.w, c: Math.max(0, s.c - cost), p: s.p }),
  remaining(s, rule, now) {
    const W = rule.windowMs;
    const room = rule.limit * W - s.p * (W - (now - s.w)) - s.c * W;
    return Math.max(0, Math.floor(room / W));
  },
  retryAfter(s, cost, rule, now) {
    const W = rule.windowMs;
    const e = now - s.w;
    if (fits(s.p, s.c, e, cost, rule.limit, W)) return 0;
    if (s.c + cost <= rule.limit) {
      // Later in this window the previous window weighs less: smallest e' that fits.
      const at = Math.max(e, W - Math.floor(((rule.limit - s.c - cost) * W) / s.p));
      if (at < W) return at - e;
    }
    // In the next window, the current cost becomes the previous one.
    const at = s.c === 0 ? 0 : Math.max(0, W - Math.floor(((rule.limit - cost) * W) / s.c));
    return W - e + at;
  },
  resetAt(s, rule, now) {
    if (s.c > 0) return s.w + 2 * rule.windowMs;
    if (s.p > 0) return s.w + rule.windowMs;
    return now;
  },
  dump: (s) => ({ w: s.w, c: s.c, p: s.p }),
};
