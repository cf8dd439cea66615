// While half-open trials are taken, other callers get what halfOpenMode says: 'reject' now, or
// 'wait' for the verdict — then run if it closed, or get BreakerOpenError if it re-opened.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BreakerOpenError } from '../../src/breaker/CircuitBreaker.js';
import { AbortedError } from '../../src/errors.js';
import { gate, settle, setup, trip } from './helpers.js';

const base = { consecutiveFailures: 1, openMs: 1_000, trialTimeoutMs: 5_000 };
const OTHERS = 99;

async function halfOpenWithTrial(mode: 'reject' | 'wait') {
  const s = setup({ ...base, halfOpenMode: mode });
  await trip(s.breaker, 1);
  s.clock.advance(1_000);
  const trial = gate();
  const trialCall = s.breaker.execute(trial.fn).catch((e: Error) => e.message);
  await settle();
  let ran = 0;
  const others = Array.from({ length: OTHERS }, () =>
    s.breaker
      .execute(async () => {
        ran++;
        return 'ran';
      })
      .catch((e) => (e instanceof BreakerOpenError ? `rejected:${e.state}` : String(e))),
  );
  return { ...s, trial, trialCall, others, ran: () => ran };
}

test("'reject': the 99 others are rejected at once with state half-open", async () => {
  const { trial, others, ran } = await halfOpenWithTrial('reject');
  const out = await Promise.all(others);
  assert.deepEqual(new Set(out), new Set(['rejected:half-open']));
  assert.equal(ran(), 0);
  trial.resolve('ok');
});

test("'wait': the 99 others wait, then all run when the trial closes the breaker", async () => {
  const { trial, trialCall, others, ran, breaker } = await halfOpenWithTrial('wait');
  await settle();
  assert.equal(ran(), 0); // all waiting
  trial.resolve('ok');
  assert.equal(await trialCall, 'ok');
  const out = await Promise.all(others);
  assert.equal(out.filter((o) => o === 'ran').length, OTHERS);
  assert.equal(ran(), OTHERS);
  assert.equal(await breaker.state(), 'closed');
});

test("'wait': when the trial fails, the 99 waiters are rejected with state open", async () => {
  const { trial, others, ran } = await halfOpenWithTrial('wait');
  trial.reject(new Error('down'));
  const out = await Promise.all(others);
  assert.deepEqual(new Set(out), new Set(['rejected:open']));
  assert.equal(ran(), 0);
});

test("'wait': an abort ends the wait at once with AbortedError; nothing runs", async () => {
  const { make, trial } = await halfOpenWithTrial('reject');
  const waiter = make({ ...base, halfOpenMode: 'wait' }); // same breaker, another instance
  const ac = new AbortController();
  let ran = 0;
  const p = waiter.execute(async () => ++ran, { signal: ac.signal }).catch((e) => e);
  await settle();
  ac.abort('user left');
  assert.ok((await p) instanceof AbortedError);
  trial.resolve('ok');
  await settle();
  assert.equal(ran, 0);
});

test("'wait' across instances: a waiter asks again at the other instance's lease deadline", async () => {
  const { clock, store, make } = setup({ ...base, halfOpenMode: 'wait' });
  const a = make();
  await trip(a, 1);
  clock.advance(1_000);
  // Instance B holds the trial and reports success directly to the store.
  const b = await store.breaker('raceless:breaker', 'sdb', { op: 'admit', token: 'b' }, a.rule);
  let ran = 0;
  const waiter = a.execute(async () => ++ran);
  await settle();
  await store.breaker(
    'raceless:breaker',
    'sdb',
    { op: 'record', generation: b.generation, token: 'b', outcome: 'success' },
    a.rule,
  );
  await settle();
  assert.equal(ran, 0); // A heard nothing yet
  clock.advance(5_001); // A's wait ends at the lease's deadline; it asks again: closed
  assert.equal(await waiter, 1);
});
