// Rule: an already-aborted signal rejects immediately without queuing (even if the lock is free).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbortedError } from '../../../src/errors.js';
import { Mutex } from '../../../src/sync/Mutex.js';

test('free lock, aborted signal: rejects and takes nothing', async () => {
  const mutex = new Mutex();
  await assert.rejects(mutex.acquire({ signal: AbortSignal.abort() }), AbortedError);
  assert.equal(mutex.isLocked(), false);
});

test('held lock, aborted signal: rejects without joining the queue', async () => {
  const mutex = new Mutex();
  const release = await mutex.acquire();
  let ran = false;
  await assert.rejects(
    mutex.runExclusive(
      () => {
        ran = true;
      },
      { signal: AbortSignal.abort() },
    ),
    AbortedError,
  );
  assert.equal(mutex.waiting, 0);
  assert.equal(ran, false);
  release();
});
