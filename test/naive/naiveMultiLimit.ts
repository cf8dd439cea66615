/**
 * Multi-limit as peers do it: consume each limit in turn (rate-limiter-flexible's
 * RLWrapperBlackAndWhite / a loop over limiters). A later limit's rejection leaves the earlier
 * limits consumed, so rejected calls eat other limits' quota.
 */

import type { Key } from '../../src/keys.js';
import type { RateLimiter } from '../../src/limit/RateLimiter.js';

export async function naiveConsumeAll(
  checks: readonly { limiter: RateLimiter; key: Key }[],
): Promise<boolean> {
  for (const c of checks) {
    const r = await c.limiter.consume(c.key);
    if (!r.allowed) return false;
  }
  return true;
}
