// cancel() rejects every queued waiter with AbortedError; the holder keeps the lock.
// Scale: 1 holder, 3 waiters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbortedError } from '../../../src/errors.js';
import { Mutex } from '../../../src/sync/Mutex.js';

test('cancel rejects all waiters and leaves the holder alone', async () => {
  const mutex = new Mutex();
  const release = await mutex.acquire();
  const waiters = [mutex.acquire(), mutex.acquire(), mutex.runExclusive(() => 'never')];
  assert.equal(mutex.cancel(), 3);
  assert.equal(mutex.waiting, 0);
  assert.equal(mutex.isLocked(), true);
  const results = await Promise.allSettled(waiters);
  assert.deepEqual(
    results.map((r) => r.status === 'rejected' && r.reason instanceof AbortedError),
    [true, true, true],
  );
  release();
  assert.equal(mutex.isLocked(), false);
});
