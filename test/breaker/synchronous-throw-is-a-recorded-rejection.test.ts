// `fn` may be synchronous. A synchronous throw is never thrown out of `execute`: it is a rejected
// call, recorded as a failure (or per isFailure) like an async one; a plain return value is a
// success. Same on a plain MemoryStore (fn called inline) and on the full-step path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CircuitBreaker } from '../../src/breaker/CircuitBreaker.js';
import { ManualClock } from '../../src/clock.js';
import { MemoryStore } from '../../src/store/memory.js';
import { FullStepStore } from './helpers.js';

const stores = () => {
  const clock = new ManualClock(1_000);
  return [
    { clock, store: new MemoryStore({ clock }) },
    { clock, store: new FullStepStore({ clock }) },
  ];
};

test('a synchronous throw is a rejection and a recorded failure', async () => {
  for (const { clock, store } of stores()) {
    const b = new CircuitBreaker('db', { store, clock, consecutiveFailures: 2 });
    const throwing = () => {
      throw new Error('sync');
    };
    let first: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      first = b.execute(throwing);
    });
    await assert.rejects(first!, { message: 'sync' });
    assert.deepEqual([(await b.stats()).failures, (await b.stats()).consecutiveFailures], [1, 1]);
    await assert.rejects(b.execute(throwing), { message: 'sync' });
    assert.equal(await b.state(), 'open');
  }
});

test('a synchronous throw filtered by isFailure counts as a success', async () => {
  for (const { clock, store } of stores()) {
    const b = new CircuitBreaker('db', {
      store,
      clock,
      consecutiveFailures: 1,
      isFailure: (e) => !(e instanceof TypeError),
    });
    await assert.rejects(
      b.execute(() => {
        throw new TypeError('bad input');
      }),
      TypeError,
    );
    assert.deepEqual([(await b.stats()).successes, await b.state()], [1, 'closed']);
  }
});

test('a plain return value resolves the call and is a success', async () => {
  for (const { clock, store } of stores()) {
    const b = new CircuitBreaker('db', { store, clock, consecutiveFailures: 1 });
    assert.equal(await b.execute(() => 42), 42);
    assert.deepEqual([(await b.stats()).successes, await b.state()], [1, 'closed']);
  }
});
