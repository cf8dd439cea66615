// Refunds never go below the empty state, and any entry a refund writes carries a TTL
// (rate-limit-redis's DECR created keys with no TTL; a negative count admits more than the limit).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { NaiveRateLimiter } from '../naive/naiveRateLimiter.js';
import { ALGORITHMS, count, setup } from './helpers.js';

for (const algorithm of ALGORITHMS) {
  test(`${algorithm}: 100 concurrent refunds after 2 consumes leave exactly the limit`, async () => {
    const { clock, store } = setup();
    const l = new RateLimiter('api', { store, algorithm, limit: 5, windowMs: 1_000 });
    await l.consume('k');
    await l.consume('k');
    await Promise.all(Array.from({ length: 100 }, () => l.refund('k')));
    assert.equal((await l.peek('k')).remaining, 5);
    const rs = await Promise.all(Array.from({ length: 100 }, () => l.consume('k')));
    assert.equal(
      count(rs, (r) => r.allowed),
      5,
    );
    // A refund on a key with no state writes nothing that outlives its window.
    await l.refund('fresh', { cost: 3 });
    clock.advance(2_000);
    assert.equal(await store.size('raceless:limit:api'), 0);
  });
}

test('the naive DECR refund goes negative (then admits 2 × limit) and never expires', async () => {
  const { clock, store } = setup();
  const naive = new NaiveRateLimiter('api', store, 5, 1_000, () => clock.now());
  await Promise.all(Array.from({ length: 5 }, () => naive.refund('k')));
  const rs = await Promise.all(Array.from({ length: 100 }, async () => naive.consume('k')));
  // Check-then-increment admits plenty anyway; sequentially the negative count admits 10.
  assert.ok(count(rs, (ok) => ok) > 5);
  await naive.refund('fresh', 3);
  clock.advance(3_600_000);
  assert.equal(await naive.counts.has('fresh'), true);
});
