// runExclusive releases when fn settles: on return, on rejection, and on a synchronous throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Mutex } from '../../../src/sync/Mutex.js';

test('returns fn’s value and releases', async () => {
  const mutex = new Mutex();
  assert.equal(await mutex.runExclusive(async () => 42), 42);
  assert.equal(mutex.isLocked(), false);
});

test('a rejection is passed on and the lock released', async () => {
  const mutex = new Mutex();
  await assert.rejects(
    mutex.runExclusive(async () => {
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.equal(mutex.isLocked(), false);
});

test('a synchronous throw is passed on and the lock released', async () => {
  const mutex = new Mutex();
  await assert.rejects(
    mutex.runExclusive(() => {
      throw new Error('sync');
    }),
    /sync/,
  );
  assert.equal(mutex.isLocked(), false);
});
