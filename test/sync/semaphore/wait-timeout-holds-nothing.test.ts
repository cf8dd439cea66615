// A withPermits call whose wait times out rejects with TimeoutError, never runs fn, holds
// nothing, and leaves the queue synchronously.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { TimeoutError } from '../../../src/errors.js';
import { Semaphore } from '../../../src/sync/Semaphore.js';

test('timed-out waiter: fn not run, no permit taken, queue empty', async () => {
  const clock = new ManualClock();
  const sem = new Semaphore(2, { clock });
  const release = await sem.acquire(2);
  let ran = false;
  const waiter = sem.withPermits(
    1,
    () => {
      ran = true;
    },
    { timeoutMs: 7 },
  );
  assert.equal(sem.waiting, 1);
  clock.advance(7);
  assert.equal(sem.waiting, 0);
  await assert.rejects(waiter, TimeoutError);
  release();
  assert.equal(sem.available, 2);
  assert.equal(ran, false);
  assert.equal(clock.pendingTimers, 0);
});
