// Rule: ownership is handed over inside release(); isLocked() is exact at once.
// Scale: 1 holder, 1 waiter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Mutex } from '../../../src/sync/Mutex.js';
import { BargingMutex } from '../../naive/bargingMutex.js';
import { flush } from '../helpers.js';

test('after release with a queued waiter, the lock is already the waiter’s', async () => {
  const mutex = new Mutex();
  const release = await mutex.acquire();
  const next = mutex.acquire();
  await flush();
  release();
  assert.equal(mutex.isLocked(), true);
  assert.equal(mutex.waiting, 0);
  (await next)();
  assert.equal(mutex.isLocked(), false);
});

test('after release with nobody queued, isLocked() is false at once', async () => {
  const mutex = new Mutex();
  const release = await mutex.acquire();
  release();
  assert.equal(mutex.isLocked(), false);
});

test('naive: isLocked() reads false while a waiter is about to take it', async () => {
  const naive = new BargingMutex();
  const release = await naive.acquire();
  void naive.acquire();
  await flush();
  release();
  assert.equal(naive.isLocked(), false);
});
