// Half-open admits exactly `halfOpenTrials` trials: 100 concurrent callers, 3 trials → the
// function runs exactly 3 times; the other 97 are rejected at once ('reject' mode).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BreakerOpenError } from '../../src/breaker/CircuitBreaker.js';
import { NaiveBreaker } from '../naive/naiveBreaker.js';
import { gate, settle, setup, trip } from './helpers.js';

const CALLERS = 100;

test('100 concurrent callers in half-open: exactly 3 trials run, 97 rejected', async () => {
  const { clock, breaker } = setup({ consecutiveFailures: 1, openMs: 1_000, halfOpenTrials: 3 });
  await trip(breaker, 1);
  clock.advance(1_000);
  assert.equal(await breaker.state(), 'half-open');
  const g = gate();
  let ran = 0;
  const calls = Array.from({ length: CALLERS }, () =>
    breaker
      .execute(() => {
        ran++;
        return g.fn();
      })
      .then(
        () => 'ok',
        (e) => (e instanceof BreakerOpenError ? e.state : 'other'),
      ),
  );
  await settle();
  assert.equal(ran, 3);
  g.resolve('up');
  const outcomes = await Promise.all(calls);
  assert.equal(outcomes.filter((o) => o === 'ok').length, 3);
  assert.equal(outcomes.filter((o) => o === 'half-open').length, 97);
  assert.equal(await breaker.state(), 'closed'); // all 3 trials succeeded
  assert.equal((await breaker.stats()).rejections, 97);
});

test('the naive check-then-act half-open admits far more than 3 at the same scale', async () => {
  const { clock, store } = setup();
  const naive = new NaiveBreaker(store, () => clock.now(), 1, 1_000, 3);
  await naive.execute(async () => Promise.reject(new Error('x'))).catch(() => {});
  clock.advance(1_000);
  const g = gate();
  let ran = 0;
  const calls = Array.from({ length: CALLERS }, () =>
    naive
      .execute(() => {
        ran++;
        return g.fn();
      })
      .catch(() => {}),
  );
  await settle();
  g.resolve('up');
  await Promise.all(calls);
  assert.ok(ran > 3, `naive ran ${ran} trials`);
});
