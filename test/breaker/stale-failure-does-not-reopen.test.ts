// A failure from a call admitted in an older generation counts in stats but never re-opens a
// half-open breaker mid-trial (cockatiel lets such a stale failure re-open it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NaiveBreaker } from '../naive/naiveBreaker.js';
import { boom, gate, settle, setup, trip } from './helpers.js';

test('a slow failure from the closed generation lands mid-trial: the trial still decides', async () => {
  const { clock, breaker } = setup({ consecutiveFailures: 2, openMs: 1_000 });
  const slow = gate();
  const old = breaker.execute(slow.fn).catch((e: Error) => e.message);
  await settle();
  await trip(breaker, 2);
  clock.advance(1_000);
  const trial = gate();
  const t = breaker.execute(trial.fn);
  await settle();

  slow.reject(new Error('late failure'));
  assert.equal(await old, 'late failure');
  assert.equal(await breaker.state(), 'half-open');
  const s = await breaker.stats();
  assert.deepEqual([s.staleOutcomes, s.failures], [1, 3]);

  trial.resolve('up');
  assert.equal(await t, 'up');
  assert.equal(await breaker.state(), 'closed');
});

test('the naive breaker re-opens on the stale failure mid-trial', async () => {
  const { clock, store } = setup();
  const naive = new NaiveBreaker(store, () => clock.now(), 2, 1_000);
  const slow = gate();
  const old = naive.execute(slow.fn).catch(() => {});
  await settle();
  for (let i = 0; i < 2; i++) await naive.execute(boom).catch(() => {});
  clock.advance(1_000);
  const trial = gate();
  const t = naive.execute(trial.fn).catch(() => {});
  await settle();
  slow.reject(new Error('late failure'));
  await old;
  assert.equal(await naive.state(), 'open');
  trial.resolve('x');
  await t;
});
