// S03 at the catalogue's scale: 1,000 concurrent attempts on one key, limit 5 per window →
// exactly 5 admitted, for every algorithm.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { NaiveRateLimiter } from '../naive/naiveRateLimiter.js';
import { ALGORITHMS, count, setup } from './helpers.js';

const ATTEMPTS = 1_000;
const LIMIT = 5;

for (const algorithm of ALGORITHMS) {
  test(`${algorithm}: 1,000 concurrent attempts at limit 5 admit exactly 5`, async () => {
    const { store } = setup();
    const login = new RateLimiter('login', { store, algorithm, limit: LIMIT, windowMs: 60_000 });
    const results = await Promise.all(
      Array.from({ length: ATTEMPTS }, () => login.consume(['user', 'ada'])),
    );
    assert.equal(
      count(results, (r) => r.allowed),
      LIMIT,
    );
    assert.equal(
      count(results, (r) => !r.allowed),
      ATTEMPTS - LIMIT,
    );
    assert.equal((await login.peek(['user', 'ada'])).remaining, 0);
  });
}

test('the naive check-then-increment limiter admits far more at the same scale', async () => {
  const { clock, store } = setup();
  const naive = new NaiveRateLimiter('login', store, LIMIT, 60_000, () => clock.now());
  const results = await Promise.all(
    Array.from({ length: ATTEMPTS }, () => naive.consume(['user', 'ada'])),
  );
  const admitted = count(results, (ok) => ok);
  assert.ok(admitted > LIMIT, `naive admitted ${admitted}`);
});
