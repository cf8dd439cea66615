// waitForUnlock resolves once the lock is free and nobody is queued; it takes nothing; its
// timeout removes it synchronously.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { TimeoutError } from '../../../src/errors.js';
import { Mutex } from '../../../src/sync/Mutex.js';
import { stateOf } from '../helpers.js';

test('resolves only after the last queued holder releases, and takes nothing', async () => {
  const mutex = new Mutex();
  const first = await mutex.acquire();
  const second = mutex.acquire();
  const unlocked = mutex.waitForUnlock();
  first();
  assert.equal(await stateOf(unlocked), 'pending', 'the lock went to the queued waiter');
  (await second)();
  assert.equal(await stateOf(unlocked), 'fulfilled');
  assert.equal(mutex.isLocked(), false);
});

test('resolves at once when free; times out on the injected clock', async () => {
  const clock = new ManualClock();
  const mutex = new Mutex({ clock });
  await mutex.waitForUnlock();
  const release = await mutex.acquire();
  const wait = mutex.waitForUnlock({ timeoutMs: 5 });
  clock.advance(5);
  await assert.rejects(wait, TimeoutError);
  release();
});
