// Rule: a waiter has exactly one terminal transition (granted, cancelled or timed out), even when
// its timeout and the release fall due in the same instant.
// Scale: 1 holder released by a timer at t=10, 1 waiter timing out at t=10, both orders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { Mutex } from '../../../src/sync/Mutex.js';
import { PhantomWaiterMutex } from '../../naive/phantomWaiterMutex.js';
import { flush } from '../helpers.js';

interface Lock {
  acquire(o?: { timeoutMs?: number }): Promise<() => void>;
  isLocked(): boolean;
}

/** Returns the waiter's transitions and whether the lock is free after everyone is done. */
async function race(lock: Lock, clock: ManualClock, releaseFirst: boolean) {
  const transitions: string[] = [];
  const releaseHolder = await lock.acquire();
  if (releaseFirst) clock.setTimer(10, releaseHolder);
  const waiter = lock.acquire({ timeoutMs: 10 });
  if (!releaseFirst) clock.setTimer(10, releaseHolder);
  waiter.then(
    (release) => {
      transitions.push('granted');
      release();
    },
    () => transitions.push('timed-out'),
  );
  clock.advance(10);
  await flush();
  return { transitions, freeAtEnd: !lock.isLocked() };
}

for (const releaseFirst of [true, false]) {
  test(`exactly one outcome and no leaked lock (release ${releaseFirst ? 'before' : 'after'} timeout)`, async () => {
    const clock = new ManualClock();
    const { transitions, freeAtEnd } = await race(new Mutex({ clock }), clock, releaseFirst);
    assert.equal(transitions.length, 1);
    assert.deepEqual(transitions, [releaseFirst ? 'granted' : 'timed-out']);
    assert.equal(freeAtEnd, true);
  });
}

test('naive: the timed-out waiter is also granted the lock, which then leaks', async () => {
  const clock = new ManualClock();
  const { transitions, freeAtEnd } = await race(new PhantomWaiterMutex(clock), clock, false);
  assert.deepEqual(transitions, ['timed-out']);
  assert.equal(freeAtEnd, false, 'the lock went to the timed-out waiter and nobody frees it');
});
