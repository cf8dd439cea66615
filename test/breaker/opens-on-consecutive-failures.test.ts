// Consecutive failures open the breaker exactly at the threshold, and the opening is reported
// once, even when 100 failing calls finish concurrently.
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { type BreakerEvent, breakerChannel } from '../../src/breaker/events.js';
import { NaiveBreaker } from '../naive/naiveBreaker.js';
import { boom, gate, settle, setup } from './helpers.js';

test('100 concurrent failures at threshold 5: open, one state-change event, 95 stale', async () => {
  const { breaker } = setup({ consecutiveFailures: 5 });
  const events: BreakerEvent[] = [];
  const on = (e: unknown) => events.push(e as BreakerEvent);
  diagnostics_channel.subscribe(breakerChannel.name, on);
  try {
    const g = gate();
    const calls = Array.from({ length: 100 }, () => breaker.execute(g.fn).catch(() => {}));
    await settle();
    g.reject(new Error('down'));
    await Promise.all(calls);
    const s = await breaker.stats();
    // All 100 were admitted while closed; the 5th failure opened it, the other 95 are stale.
    assert.deepEqual([s.state, s.failures, s.staleOutcomes], ['open', 100, 95]);
    assert.deepEqual(
      events.filter((e) => e.event === 'state-change').map((e) => [e.from, e.state]),
      [['closed', 'open']],
    );
  } finally {
    diagnostics_channel.unsubscribe(breakerChannel.name, on);
  }
});

test('a success resets the run: 4 failures, 1 success, 4 failures stays closed', async () => {
  const { breaker } = setup({ consecutiveFailures: 5 });
  for (let i = 0; i < 4; i++) await breaker.execute(boom).catch(() => {});
  await breaker.execute(async () => 'ok');
  for (let i = 0; i < 4; i++) await breaker.execute(boom).catch(() => {});
  assert.equal(await breaker.state(), 'closed');
  await breaker.execute(boom).catch(() => {});
  assert.equal(await breaker.state(), 'open');
});

test('the naive read-modify-write failure count loses the failures: 100 never open it', async () => {
  const { clock, store } = setup();
  const naive = new NaiveBreaker(store, () => clock.now(), 5, 1_000);
  const g = gate();
  const calls = Array.from({ length: 100 }, () => naive.execute(g.fn).catch(() => {}));
  await settle();
  g.reject(new Error('down'));
  await Promise.all(calls);
  // Every call read failures = 0 and wrote 1: the threshold of 5 is never reached.
  assert.equal(naive.opens, 0);
  assert.equal(await naive.state(), 'closed');
});
