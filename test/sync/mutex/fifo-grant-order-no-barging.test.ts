// Rule: grant order is FIFO; a newcomer never overtakes a queued waiter (no barging).
// Scale: 1 holder, 5 queued waiters, 1 newcomer arriving right after the release.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Mutex } from '../../../src/sync/Mutex.js';
import { BargingMutex } from '../../naive/bargingMutex.js';
import { flush } from '../helpers.js';

interface Lock {
  acquire(): Promise<() => void>;
}

async function grantOrder(lock: Lock): Promise<number[]> {
  const order: number[] = [];
  const first = await lock.acquire();
  const done: Promise<void>[] = [];
  const enter = (id: number) =>
    lock.acquire().then(async (release) => {
      order.push(id);
      await Promise.resolve();
      release();
    });
  for (let i = 1; i <= 5; i++) done.push(enter(i));
  await flush();
  first();
  done.push(enter(6)); // the newcomer arrives in the same tick as the release
  await Promise.all(done);
  return order;
}

test('waiters are granted in arrival order and a newcomer queues behind them', async () => {
  assert.deepEqual(await grantOrder(new Mutex()), [1, 2, 3, 4, 5, 6]);
});

test('naive while-locked mutex lets the newcomer barge ahead', async () => {
  const order = await grantOrder(new BargingMutex());
  assert.notDeepEqual(order, [1, 2, 3, 4, 5, 6]);
  assert.equal(order[0], 6);
});

test('tryAcquire fails while anyone is queued, even right after a release', async () => {
  const mutex = new Mutex();
  const release = await mutex.acquire();
  const waiter = mutex.acquire();
  await flush();
  release();
  assert.equal(mutex.tryAcquire(), undefined);
  (await waiter)();
  assert.notEqual(mutex.tryAcquire(), undefined);

  const naive = new BargingMutex();
  const naiveRelease = await naive.acquire();
  void naive.acquire();
  await flush();
  naiveRelease();
  assert.notEqual(naive.tryAcquire(), undefined, 'naive: the newcomer barged in');
});
