/** HTTP headers for a rate-limit result. */
import type { RateLimitResult } from './RateLimiter.js';

/**
 * The IETF draft `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (delta seconds,
 * rounded up) and `RateLimit-Policy` (`limit;w=window seconds`) headers for a result, plus
 * `Retry-After` (seconds, rounded up, at least 1) when the call was not allowed.
 * Pure: reads only the result (times are the store's, so app-server clock skew does not matter).
 * @example
 * const r = await limiter.consume(ip);
 * res.set(rateLimitHeaders(r)); // { 'RateLimit-Limit': '5', 'RateLimit-Remaining': '4', ... }
 */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(result.limit),
    'RateLimit-Remaining': String(result.remaining),
    'RateLimit-Reset': String(Math.max(0, Math.ceil((result.resetAtMs - result.nowMs) / 1000))),
    'RateLimit-Policy': `${result.limit};w=${Math.max(1, Math.ceil(result.windowMs / 1000))}`,
  };
  if (!result.allowed) {
    headers['Retry-After'] = String(Math.max(1, Math.ceil(result.retryAfterMs / 1000)));
  }
  return headers;
}
