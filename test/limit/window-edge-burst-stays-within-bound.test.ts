// A burst straddling a window edge stays within each algorithm's documented bound:
// fixed window ≤ 2 × limit; sliding window, token bucket and GCRA ≤ limit (their burst).
// 1,000 concurrent attempts 1 ms before the edge, and 1,000 at the edge; limit 5, window 1 s.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { NaiveRateLimiter } from '../naive/naiveRateLimiter.js';
import { ALGORITHMS, count, setup } from './helpers.js';

const bound = { 'fixed-window': 10, 'sliding-window': 5, 'token-bucket': 5, gcra: 5 } as const;

for (const algorithm of ALGORITHMS) {
  test(`${algorithm}: an edge burst admits exactly ${bound[algorithm]}`, async () => {
    const { clock, store } = setup(1_000_000);
    const l = new RateLimiter('edge', { store, algorithm, limit: 5, windowMs: 1_000 });
    clock.set(1_000_999);
    const before = await Promise.all(Array.from({ length: 1_000 }, () => l.consume('k')));
    clock.set(1_001_000);
    const after = await Promise.all(Array.from({ length: 1_000 }, () => l.consume('k')));
    assert.equal(
      count([...before, ...after], (r) => r.allowed),
      bound[algorithm],
    );
  });
}

test('the naive fixed window admits far more than 2 × limit across the edge', async () => {
  const { clock, store } = setup(1_000_000);
  const naive = new NaiveRateLimiter('edge', store, 5, 1_000, () => clock.now());
  clock.set(1_000_999);
  const before = await Promise.all(Array.from({ length: 1_000 }, () => naive.consume('k')));
  clock.set(1_001_000);
  const after = await Promise.all(Array.from({ length: 1_000 }, () => naive.consume('k')));
  const admitted = count([...before, ...after], (ok) => ok);
  assert.ok(admitted > 10, `naive admitted ${admitted}`);
});
