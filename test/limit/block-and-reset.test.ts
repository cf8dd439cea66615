// block(key, ms) rejects every call until it ends (counts kept); reset(key) forgets a key.
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { limitChannel } from '../../src/limit/events.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { setup } from './helpers.js';

test('a manual block rejects until it ends, with retryAfterMs to its end', async () => {
  const { clock, store } = setup();
  const l = new RateLimiter('api', { store, algorithm: 'gcra', limit: 5, windowMs: 1_000 });
  const events: unknown[] = [];
  const onEvent = (e: unknown) => events.push(e);
  diagnostics_channel.subscribe(limitChannel.name, onEvent);
  try {
    const b = await l.block('k', 10_000);
    assert.equal(b.blocked, true);
    assert.equal(b.blockedUntilMs, clock.now() + 10_000);
    const r = await l.consume('k');
    assert.deepEqual([r.allowed, r.blocked, r.retryAfterMs, r.remaining], [false, true, 10_000, 0]);
    clock.advance(9_999);
    assert.equal((await l.consume('k')).allowed, false);
    clock.advance(1);
    assert.equal((await l.consume('k')).allowed, true);
    assert.equal(events.length, 1);
  } finally {
    diagnostics_channel.unsubscribe(limitChannel.name, onEvent);
  }
});

test('an automatic block ends after blockMs; reset forgets counts, violations and block', async () => {
  const { clock, store } = setup();
  const l = new RateLimiter('login', {
    store,
    algorithm: 'fixed-window',
    limit: 1,
    windowMs: 1_000,
    blockAfter: 3,
    blockMs: 5_000,
  });
  await l.consume('ada');
  assert.equal((await l.consume('ada')).violations, 1);
  assert.equal((await l.consume('ada')).violations, 2);
  const third = await l.consume('ada');
  assert.deepEqual([third.newlyBlocked, third.blockedUntilMs], [true, clock.now() + 5_000]);
  clock.advance(4_999);
  assert.equal((await l.consume('ada')).blocked, true);
  clock.advance(1);
  assert.equal((await l.consume('ada')).allowed, true);
  await l.block('ada', 60_000);
  assert.equal(await l.reset('ada'), true);
  assert.equal(await l.reset('ada'), false);
  const r = await l.consume('ada');
  assert.deepEqual([r.allowed, r.blocked, r.violations], [true, false, 0]);
});
