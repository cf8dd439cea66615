// A success from a call admitted in an older generation counts in stats but never closes the
// breaker (opossum lets such a stale success close it with no trial).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NaiveBreaker } from '../naive/naiveBreaker.js';
import { boom, gate, settle, setup, trip } from './helpers.js';

test('a slow success from the closed generation lands mid-trial: still half-open, counted stale', async () => {
  const { clock, breaker } = setup({ consecutiveFailures: 2, openMs: 1_000 });
  const slow = gate();
  const old = breaker.execute(slow.fn); // admitted while closed
  await settle();
  await trip(breaker, 2);
  clock.advance(1_000);
  const trial = gate();
  const t = breaker.execute(trial.fn).catch((e: Error) => e.message);
  await settle();
  assert.equal(await breaker.state(), 'half-open');

  slow.resolve('late');
  assert.equal(await old, 'late'); // the caller still gets its value
  assert.equal(await breaker.state(), 'half-open');
  const s = await breaker.stats();
  assert.deepEqual([s.staleOutcomes, s.successes], [1, 1]);

  trial.reject(new Error('still down'));
  assert.equal(await t, 'still down');
  assert.equal(await breaker.state(), 'open'); // the trial, not the stale call, decided
});

test('the naive breaker lets the stale success close it while the trial is pending', async () => {
  const { clock, store } = setup();
  const naive = new NaiveBreaker(store, () => clock.now(), 2, 1_000);
  const slow = gate();
  const old = naive.execute(slow.fn);
  await settle();
  for (let i = 0; i < 2; i++) await naive.execute(boom).catch(() => {});
  clock.advance(1_000);
  const trial = gate();
  const t = naive.execute(trial.fn).catch(() => {});
  await settle();
  slow.resolve('late');
  await old;
  assert.equal(await naive.state(), 'closed');
  trial.resolve('x');
  await t;
});
