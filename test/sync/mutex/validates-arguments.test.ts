// Bad options are refused with typed errors naming the argument; nothing is queued or taken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, OutOfRangeError } from '../../../src/errors.js';
import { Mutex } from '../../../src/sync/Mutex.js';

test('timeoutMs must be a finite number >= 0', async () => {
  const mutex = new Mutex();
  for (const timeoutMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
    await assert.rejects(mutex.acquire({ timeoutMs }), (e: unknown) => {
      return e instanceof OutOfRangeError && e.argument === 'options.timeoutMs';
    });
  }
  await assert.rejects(mutex.acquire({ timeoutMs: '5' as never }), InvalidArgumentError);
  assert.equal(mutex.isLocked(), false);
});

test('signal must be an AbortSignal, fn a function, clock a Clock', async () => {
  const mutex = new Mutex();
  await assert.rejects(mutex.acquire({ signal: {} as never }), (e: unknown) => {
    return e instanceof InvalidArgumentError && e.argument === 'options.signal';
  });
  await assert.rejects(mutex.runExclusive(42 as never), InvalidArgumentError);
  assert.throws(() => new Mutex({ clock: {} as never }), InvalidArgumentError);
  assert.equal(mutex.isLocked(), false);
});

test('timeoutMs 0 means: only if free right now', async () => {
  const mutex = new Mutex();
  const release = await mutex.acquire({ timeoutMs: 0 });
  await assert.rejects(mutex.acquire({ timeoutMs: 0 }), { code: 'ERR_TIMEOUT' });
  assert.equal(mutex.waiting, 0);
  release();
});
