// One key has one state, in the shape of one rule. Two checks of one consumeAll that name the
// same key through limiters sharing a name but not their options are refused at the door
// (InvalidArgumentError naming the later check), before anything is written — the shared working
// state would otherwise be read by the other algorithm's math (NaN counts, a TTL of NaN: a key
// that never expires). Limiters that share a name AND their options may check one key twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../../src/errors.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { setup } from './helpers.js';

test('one key under two rules in one consumeAll is refused, nothing written', async () => {
  const { store } = setup();
  const fixed = new RateLimiter('api', {
    store,
    algorithm: 'fixed-window',
    limit: 1,
    windowMs: 10,
  });
  const bucket = new RateLimiter('api', {
    store,
    algorithm: 'token-bucket',
    limit: 1,
    windowMs: 10,
  });
  const wider = new RateLimiter('api', {
    store,
    algorithm: 'fixed-window',
    limit: 2,
    windowMs: 10,
  });
  const other = new RateLimiter('other', {
    store,
    algorithm: 'token-bucket',
    limit: 1,
    windowMs: 10,
  });
  for (const [checks, index] of [
    [
      [
        { limiter: bucket, key: 'k' },
        { limiter: fixed, key: 'k', cost: 0 },
      ],
      1,
    ],
    [
      [
        { limiter: fixed, key: 'k' },
        { limiter: other, key: 'k' },
        { limiter: wider, key: 'k' },
      ],
      2,
    ],
  ] as const) {
    await assert.rejects(
      RateLimiter.consumeAll(checks, { consumeOnReject: true }),
      (e: unknown) =>
        e instanceof InvalidArgumentError && e.argument === `checks[${index}].limiter`,
    );
  }
  assert.equal(store.stats('raceless:limit:api').entries, 0);
  assert.equal(store.stats('raceless:limit:other').entries, 0);
});

test('the same key under the same rule, or other keys under other rules, are checked as usual', async () => {
  const { store } = setup();
  const a = new RateLimiter('api', { store, algorithm: 'fixed-window', limit: 3, windowMs: 10 });
  const twin = new RateLimiter('api', { store, algorithm: 'fixed-window', limit: 3, windowMs: 10 });
  const bucket = new RateLimiter('api', {
    store,
    algorithm: 'token-bucket',
    limit: 1,
    windowMs: 10,
  });
  const r = await RateLimiter.consumeAll([
    { limiter: a, key: 'k' },
    { limiter: twin, key: 'k' },
    { limiter: bucket, key: 'j' },
  ]);
  assert.equal(r.allowed, true);
  // Both checks of 'k' report the key's state after the call: 2 of 3 consumed.
  assert.deepEqual(
    r.results.map((x) => x.remaining),
    [1, 1, 0],
  );
  assert.equal((await a.peek('k')).remaining, 1);
});
