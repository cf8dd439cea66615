// When the waiter at the head gives up, waiters behind it that now fit are granted at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { Semaphore } from '../../../src/sync/Semaphore.js';
import { stateOf } from '../helpers.js';

test('a big head timing out lets the small waiter behind it in', async () => {
  const clock = new ManualClock();
  const sem = new Semaphore(4, { clock });
  const holder = await sem.acquire(3);
  const big = sem.acquire(4, { timeoutMs: 10 });
  const small = sem.acquire(1);
  assert.equal(await stateOf(small), 'pending');
  clock.advance(10);
  assert.equal(sem.available, 0, 'granted inside the timeout, synchronously');
  await assert.rejects(big, { code: 'ERR_TIMEOUT' });
  (await small)();
  holder();
  assert.equal(sem.available, 4);
});
