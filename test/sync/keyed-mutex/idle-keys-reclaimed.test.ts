// Rule: idle keyed-lock entries are removed: memory is O(keys in use), not O(keys ever seen).
// Scale: 1,000 distinct keys, each locked once, some contended, some timed out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { KeyedMutex } from '../../../src/sync/KeyedMutex.js';
import { NaiveKeyedLock } from '../../naive/naiveKeyedLock.js';

test('size returns to 0 after 1,000 keys were used', async () => {
  const clock = new ManualClock();
  const locks = new KeyedMutex<number>({ clock });
  const work: Promise<unknown>[] = [];
  for (let k = 0; k < 1000; k++) {
    work.push(locks.runExclusive(k, async () => {}));
    if (k % 3 === 0) work.push(locks.runExclusive(k, async () => {}));
    if (k % 7 === 0)
      work.push(
        locks.acquire(k, { timeoutMs: 1 }).then(
          (r) => r(),
          () => {},
        ),
      );
  }
  assert.ok(locks.size > 0);
  clock.advance(1);
  await Promise.all(work);
  assert.equal(locks.size, 0);
  assert.equal(locks.tryAcquire(5) !== undefined, true);
  assert.equal(locks.size, 1);
});

test('naive never-deleted entries grow with every key ever seen', async () => {
  const naive = new NaiveKeyedLock();
  for (let k = 0; k < 1000; k++) (await naive.acquire(k))();
  assert.equal(naive.size, 1000);
});
