// Rule: an aborted waiter leaves the queue synchronously and holds nothing.
// Scale: 1 holder, 2 waiters, the first aborted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { AbortedError } from '../../../src/errors.js';
import { Mutex } from '../../../src/sync/Mutex.js';
import { PhantomWaiterMutex } from '../../naive/phantomWaiterMutex.js';
import { stateOf } from '../helpers.js';

test('abort removes the waiter at once; the next waiter gets the lock', async () => {
  const mutex = new Mutex();
  const release = await mutex.acquire();
  const controller = new AbortController();
  const aborted = mutex.acquire({ signal: controller.signal });
  const second = mutex.acquire();
  controller.abort(new Error('user left'));
  assert.equal(mutex.waiting, 1);
  const error = await aborted.catch((e: unknown) => e);
  assert.ok(error instanceof AbortedError);
  assert.equal(error.code, 'ERR_ABORTED');
  assert.equal((error.reason as Error).message, 'user left');
  release();
  const secondRelease = await second;
  assert.equal(mutex.isLocked(), true);
  secondRelease();
  assert.equal(mutex.isLocked(), false);
});

test('naive: the aborted waiter stays queued and is handed the lock', async () => {
  const naive = new PhantomWaiterMutex(new ManualClock());
  const release = await naive.acquire();
  const controller = new AbortController();
  const aborted = naive.acquire({ signal: controller.signal });
  const second = naive.acquire();
  controller.abort();
  await assert.rejects(aborted);
  release();
  assert.equal(await stateOf(second), 'pending', 'the phantom took the lock instead');
});
