// Rule: a timed-out waiter leaves the queue synchronously; no phantom waiter (async-mutex #54).
// Scale: 1 holder, 1 waiter with timeoutMs 10 on a ManualClock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { TimeoutError } from '../../../src/errors.js';
import { Mutex } from '../../../src/sync/Mutex.js';
import { PhantomWaiterMutex } from '../../naive/phantomWaiterMutex.js';
import { stateOf } from '../helpers.js';

test('timeout removes the waiter at once; the next release frees the lock', async () => {
  const clock = new ManualClock();
  const mutex = new Mutex({ clock });
  const release = await mutex.acquire();
  const waiter = mutex.acquire({ timeoutMs: 10 });
  assert.equal(mutex.waiting, 1);
  clock.advance(10);
  assert.equal(mutex.waiting, 0, 'removed inside the timer callback, before any await');
  await assert.rejects(waiter, TimeoutError);
  release();
  assert.equal(mutex.isLocked(), false);
  assert.equal(await stateOf(mutex.acquire()), 'fulfilled');
  assert.equal(clock.pendingTimers, 0);
});

test('naive race-based timeout leaves a phantom that swallows the lock', async () => {
  const clock = new ManualClock();
  const naive = new PhantomWaiterMutex(clock);
  const release = await naive.acquire();
  const waiter = naive.acquire({ timeoutMs: 10 });
  clock.advance(10);
  await assert.rejects(waiter);
  assert.equal(naive.waiting, 1, 'phantom still queued');
  release();
  assert.equal(naive.isLocked(), true, 'handed to the phantom');
  assert.equal(await stateOf(naive.acquire()), 'pending', 'nobody can ever take it again');
});
