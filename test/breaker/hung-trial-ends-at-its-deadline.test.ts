// A trial always has a deadline: a hung trial ends at trialTimeoutMs, its signal aborts, it
// counts as a failure, and the breaker re-opens (with backoff). Another instance that never
// hears from the trial's owner derives the same from the expired lease.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimeoutError } from '../../src/errors.js';
import { NaiveBreaker } from '../naive/naiveBreaker.js';
import { boom, settle, setup, trip } from './helpers.js';

const opts = { consecutiveFailures: 1, openMs: 1_000, trialTimeoutMs: 5_000 };

test('the hung trial rejects with TimeoutError at its deadline and re-opens the breaker', async () => {
  const { clock, breaker } = setup(opts);
  await trip(breaker, 1);
  clock.advance(1_000);
  let aborted: unknown;
  const hung = breaker
    .execute((signal) => {
      signal.addEventListener('abort', () => {
        aborted = signal.reason;
      });
      return new Promise(() => {}); // never settles
    })
    .catch((e) => e);
  await settle();
  clock.advance(4_999);
  await settle();
  assert.equal(await breaker.state(), 'half-open');
  clock.advance(1);
  const err = await hung;
  assert.ok(err instanceof TimeoutError);
  assert.ok(aborted instanceof TimeoutError);
  const s = await breaker.stats();
  assert.deepEqual([s.state, s.timeouts, s.failures, s.retryAfterMs], ['open', 1, 2, 2_000]);
});

test('an owner that vanished: another instance sees its expired lease as a failure', async () => {
  const { clock, store, make } = setup(opts);
  const a = make();
  await trip(a, 1);
  clock.advance(1_000);
  // Instance B takes the trial lease, then is never heard from again (crashed).
  const reply = await store.breaker('raceless:breaker', 'sdb', { op: 'admit', token: 'b' }, a.rule);
  assert.deepEqual([reply.admitted, reply.trial], [true, true]);
  clock.advance(5_000);
  assert.equal(await a.state(), 'half-open'); // the owner holds it through its deadline
  clock.advance(1);
  const s = await a.stats();
  assert.deepEqual([s.state, s.timeouts], ['open', 1]);
  await assert.rejects(a.execute(boom), { code: 'ERR_BREAKER_OPEN' });
});

test('the naive breaker without a deadline stays half-open forever behind a hung trial', async () => {
  const { clock, store } = setup();
  const naive = new NaiveBreaker(store, () => clock.now(), 1, 1_000);
  await naive.execute(boom).catch(() => {});
  clock.advance(1_000);
  void naive.execute(() => new Promise(() => {}));
  await settle();
  clock.advance(3_600_000);
  assert.equal(await naive.state(), 'half-open');
  await assert.rejects(
    naive.execute(async () => 'x'),
    /half-open/,
  );
});
