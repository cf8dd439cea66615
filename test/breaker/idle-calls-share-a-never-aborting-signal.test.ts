// A call that nothing can abort (no caller signal, not a half-open trial) gets one shared signal
// that never aborts, instead of a new AbortController per call. Listeners left on it are not kept
// forever: the shared signal is replaced within 32 calls of a call leaving one. Calls that can
// abort keep their own signal. Shared listeners are no MaxListenersExceeded "leak".
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { test } from 'node:test';
import { CircuitBreaker } from '../../src/breaker/CircuitBreaker.js';
import { MemoryStore } from '../../src/store/memory.js';
import { FullStepStore, gate, settle, setup, trip } from './helpers.js';

const signalOf = (b: CircuitBreaker, options?: { signal: AbortSignal }) =>
  b.execute(async (signal) => signal, options);

test('calls without a caller signal share one signal that is not aborted', async () => {
  for (const store of [new MemoryStore(), new FullStepStore()]) {
    const b = new CircuitBreaker('db', { store });
    const first = await signalOf(b);
    const second = await signalOf(b);
    assert.equal(first, second);
    assert.equal(first.aborted, false);
  }
});

test('a call with a caller signal gets its own, aborting with the caller', async () => {
  const b = new CircuitBreaker('db');
  const shared = await signalOf(b);
  const caller = new AbortController();
  const g = gate();
  let seen: AbortSignal | undefined;
  const p = b.execute(
    (signal) => {
      seen = signal;
      return g.promise;
    },
    { signal: caller.signal },
  );
  await settle(1);
  assert.notEqual(seen, shared);
  caller.abort('stop');
  assert.deepEqual([seen?.aborted, seen?.reason], [true, 'stop']);
  g.resolve('done');
  assert.equal(await p, 'done');
});

test('a half-open trial gets its own signal, aborted at its deadline', async () => {
  const { clock, breaker } = setup({ consecutiveFailures: 1, openMs: 10, trialTimeoutMs: 50 });
  const shared = await signalOf(breaker);
  await trip(breaker, 1);
  clock.advance(10);
  let seen: AbortSignal | undefined;
  const p = breaker
    .execute((signal) => {
      seen = signal;
      return gate().promise;
    })
    .catch((e: Error) => e.name);
  await settle(1);
  assert.notEqual(seen, shared);
  clock.advance(50);
  assert.equal(await p, 'TimeoutError');
  assert.equal(seen?.aborted, true);
});

test('a listener left on the shared signal retires it within 32 calls', async () => {
  const b = new CircuitBreaker('db');
  const leaky = await b.execute(async (signal) => {
    signal.addEventListener('abort', () => {}); // never removed
    return signal;
  });
  let current = leaky;
  for (let i = 0; i < 32 && current === leaky; i++) current = await signalOf(b);
  assert.notEqual(current, leaky);
  assert.equal(getEventListeners(current, 'abort').length, 0);
  assert.equal(current.aborted, false);
});

test('many concurrent calls listening on the shared signal raise no leak warning', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarning);
  try {
    const b = new CircuitBreaker('db');
    const g = gate();
    const calls = Array.from({ length: 50 }, () =>
      b.execute(async (signal) => {
        const onAbort = () => {};
        signal.addEventListener('abort', onAbort);
        await g.promise;
        signal.removeEventListener('abort', onAbort); // as fetch does when it settles
      }),
    );
    await settle(2);
    g.resolve('go');
    await Promise.all(calls);
    await settle(2);
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings, []);
});
