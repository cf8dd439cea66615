// weight > capacity → RangeError; weight and capacity must be positive safe integers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, OutOfRangeError } from '../../../src/errors.js';
import { Semaphore } from '../../../src/sync/Semaphore.js';

test('weight above capacity is a RangeError naming weight', async () => {
  const sem = new Semaphore(3);
  await assert.rejects(
    sem.acquire(4),
    (e: unknown) => e instanceof RangeError && (e as OutOfRangeError).argument === 'weight',
  );
  assert.throws(() => sem.tryAcquire(4), OutOfRangeError);
  await assert.rejects(
    sem.withPermits(4, () => 1),
    OutOfRangeError,
  );
  assert.equal(sem.available, 3);
});

test('weight must be a positive safe integer', async () => {
  const sem = new Semaphore(3);
  for (const w of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    await assert.rejects(sem.acquire(w), OutOfRangeError);
  }
  await assert.rejects(sem.acquire('1' as never), InvalidArgumentError);
});

test('capacity must be a positive safe integer', () => {
  for (const c of [0, -1, 2.5, Number.NaN, 2 ** 53]) {
    assert.throws(
      () => new Semaphore(c),
      (e: unknown) => e instanceof OutOfRangeError && e.argument === 'capacity',
    );
  }
  assert.throws(() => new Semaphore('2' as never), InvalidArgumentError);
});
