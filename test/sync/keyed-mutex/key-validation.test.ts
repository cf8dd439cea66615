// Keys must be strings, finite numbers or tuples of keys; the error names the argument.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, OutOfRangeError } from '../../../src/errors.js';
import { KeyedMutex } from '../../../src/sync/KeyedMutex.js';

test('bad keys are refused and leave nothing behind', async () => {
  const locks = new KeyedMutex();
  await assert.rejects(
    locks.acquire(Number.NaN),
    (e: unknown) => e instanceof OutOfRangeError && e.argument === 'key',
  );
  await assert.rejects(locks.acquire({} as never), InvalidArgumentError);
  await assert.rejects(locks.acquire(['a', null] as never), InvalidArgumentError);
  await assert.rejects(locks.acquireMany('ab' as never), InvalidArgumentError);
  await assert.rejects(locks.acquireMany(['a', undefined] as never), (e: unknown) => {
    return e instanceof InvalidArgumentError && e.argument === 'keys[1]';
  });
  assert.equal(locks.size, 0);
});
