// Rejected calls consume nothing unless the caller opts in with consumeOnReject.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { ALGORITHMS, count, setup } from './helpers.js';

for (const algorithm of ALGORITHMS) {
  test(`${algorithm}: 995 rejected attempts leave exactly the 5 admitted consumed`, async () => {
    const { store } = setup();
    const l = new RateLimiter('api', { store, algorithm, limit: 5, windowMs: 1_000 });
    await Promise.all(Array.from({ length: 1_000 }, () => l.consume('k')));
    // Give back the 5: the key must be empty again, so 5 more pass — nothing else was counted.
    for (let i = 0; i < 5; i++) await l.refund('k');
    assert.equal((await l.peek('k')).remaining, 5);
    const again = await Promise.all(Array.from({ length: 1_000 }, () => l.consume('k')));
    assert.equal(
      count(again, (r) => r.allowed),
      5,
    );
  });
}

test('token-bucket: with consumeOnReject every attempt is counted (opt-in penalty)', async () => {
  const { clock, store } = setup();
  const l = new RateLimiter('api', {
    store,
    algorithm: 'token-bucket',
    limit: 5,
    windowMs: 1_000,
    consumeOnReject: true,
  });
  const rs = await Promise.all(Array.from({ length: 10 }, () => l.consume('k')));
  assert.equal(
    count(rs, (r) => r.allowed),
    5,
  );
  // 5 tokens of debt: one interval refills 5 and the bucket is still empty.
  clock.advance(1_000);
  assert.equal((await l.consume('k')).allowed, false);
  // Per call, consumeOnReject: false overrides the limiter's default: this rejection is free.
  assert.equal((await l.consume('k', { consumeOnReject: false })).allowed, false);
  // Tokens: 5 − 10 = −5; +5 (one interval) = 0; −1 (the penalised attempt) = −1; the free
  // rejection changed nothing, so one more interval leaves exactly 4.
  clock.advance(1_000);
  assert.equal((await l.peek('k')).remaining, 4);
});

test('the naive increment-then-check pattern counts rejected attempts', async () => {
  // Seed 004 #2's "fix": update_counter first, then compare — every attempt is counted.
  const { store } = setup();
  const { Table } = await import('../../src/table/Table.js');
  const t = new Table<number>('naive', { store });
  const admitted = await Promise.all(
    Array.from({ length: 1_000 }, async () => (await t.updateCounter('k', 1, { default: 0 })) <= 5),
  );
  assert.equal(
    count(admitted, (a) => a),
    5,
  );
  assert.equal(await t.get('k'), 1_000); // ours: 5
});
