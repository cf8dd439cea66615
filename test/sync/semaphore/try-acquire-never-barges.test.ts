// tryAcquire takes permits only if no one is queued and enough are free.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Semaphore } from '../../../src/sync/Semaphore.js';

test('tryAcquire respects the queue even when permits are free', async () => {
  const sem = new Semaphore(3);
  const holder = sem.tryAcquire(2);
  assert.ok(holder);
  const big = sem.acquire(3);
  assert.equal(sem.available, 1);
  assert.equal(sem.tryAcquire(1), undefined, 'one permit is free but the big waiter is first');
  holder();
  const release = await big;
  assert.equal(sem.available, 0);
  release();
  release();
  assert.equal(sem.available, 3, 'idempotent releaser');
});
