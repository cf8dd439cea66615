// Every key written expires, and expired windows are reclaimed: memory follows the live keys,
// not every key ever seen (S17 residual: "expired buckets never cleaned").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { NaiveRateLimiter } from '../naive/naiveRateLimiter.js';
import { ALGORITHMS, setup } from './helpers.js';

const KEYS = 2_000;

for (const algorithm of ALGORITHMS) {
  test(`${algorithm}: 2,000 one-off keys are reclaimed once their windows pass`, async () => {
    const { clock, store } = setup();
    const l = new RateLimiter('ips', { store, algorithm, limit: 5, windowMs: 1_000 });
    for (let i = 0; i < KEYS; i++) await l.consume(['ip', i]);
    assert.equal(await store.size('raceless:limit:ips'), KEYS);
    clock.advance(2_000); // past every state's reset (sliding window keeps 2 windows)
    assert.equal(await store.size('raceless:limit:ips'), 0);
    // Without a full sweep: each write reclaims up to 16 expired entries, so 200 new keys'
    // writes reclaim all 2,000 expired ones (stats counts unreclaimed entries too).
    for (let i = 0; i < KEYS; i++) await l.consume(['ip', i]);
    clock.advance(2_000);
    for (let i = 0; i < 200; i++) await l.consume(['new-ip', i]);
    assert.equal(store.stats('raceless:limit:ips').entries, 200);
  });
}

test('the naive limiter writes entries with no TTL: they stay forever', async () => {
  const { clock, store } = setup();
  const naive = new NaiveRateLimiter('ips', store, 5, 1_000, () => clock.now());
  for (let i = 0; i < KEYS; i++) await naive.consume(['ip', i]);
  clock.advance(3_600_000);
  assert.equal(await naive.counts.size(), KEYS);
});
