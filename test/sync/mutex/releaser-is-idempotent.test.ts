// Rule: a releaser belongs to one grant and is idempotent; there is no ownerless release.
// Scale: holder A releases twice while B waits; then C tries to enter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Mutex } from '../../../src/sync/Mutex.js';
import { BargingMutex } from '../../naive/bargingMutex.js';
import { flush } from '../helpers.js';

interface Lock {
  acquire(): Promise<() => void>;
  tryAcquire(): (() => void) | undefined;
}

/** Returns how many holders the lock has at the end (should be 1: B). */
async function holdersAfterDoubleRelease(lock: Lock): Promise<number> {
  const releaseA = await lock.acquire();
  let holders = 1;
  const b = lock.acquire().then(() => holders++);
  releaseA();
  holders--;
  await b;
  await flush();
  releaseA(); // a stale second call, e.g. from a duplicated finally
  if (lock.tryAcquire()) holders++;
  return holders;
}

test('a second call of an old releaser does not free the next holder’s lock', async () => {
  assert.equal(await holdersAfterDoubleRelease(new Mutex()), 1);
});

test('naive: the stale release frees B’s lock and C enters too (2 holders)', async () => {
  assert.equal(await holdersAfterDoubleRelease(new BargingMutex()), 2);
});
