// acquireMany is all or nothing: on timeout or abort while holding some keys, it releases them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { AbortedError, TimeoutError } from '../../../src/errors.js';
import { KeyedMutex } from '../../../src/sync/KeyedMutex.js';
import { flush } from '../helpers.js';

test('timeout while waiting for the second key releases the first', async () => {
  const clock = new ManualClock();
  const locks = new KeyedMutex<string>({ clock });
  const holdB = await locks.acquire('b');
  const many = locks.acquireMany(['b', 'a'], { timeoutMs: 5 });
  await flush();
  assert.equal(locks.isLocked('a'), true, 'a taken first (canonical order)');
  clock.advance(5);
  await assert.rejects(many, TimeoutError);
  assert.equal(locks.isLocked('a'), false);
  holdB();
  assert.equal(locks.size, 0);
  assert.equal(clock.pendingTimers, 0);
});

test('abort while waiting releases what was taken', async () => {
  const locks = new KeyedMutex<string>();
  const holdB = await locks.acquire('b');
  const controller = new AbortController();
  const many = locks.acquireMany(['a', 'b'], { signal: controller.signal });
  await flush();
  controller.abort();
  await assert.rejects(many, AbortedError);
  assert.equal(locks.isLocked('a'), false);
  holdB();
  assert.equal(locks.size, 0);
});

test('success returns one idempotent releaser for all keys', async () => {
  const locks = new KeyedMutex<string>();
  const release = await locks.acquireMany(['x', 'y']);
  assert.equal(locks.isLocked('x') && locks.isLocked('y'), true);
  release();
  release();
  assert.equal(locks.size, 0);
});
