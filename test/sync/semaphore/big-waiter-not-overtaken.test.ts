// Rule: FIFO with weights: a big waiter at the head is not overtaken by smaller ones.
// Scale: capacity 4, holder of 3, a waiter for 4, then 3 waiters for 1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Semaphore } from '../../../src/sync/Semaphore.js';
import { GreedySemaphore } from '../../naive/greedySemaphore.js';
import { flush } from '../helpers.js';

interface Sem {
  acquire(weight: number): Promise<() => void>;
}

async function order(sem: Sem): Promise<string[]> {
  const log: string[] = [];
  const holder = await sem.acquire(3);
  const big = sem.acquire(4).then((r) => {
    log.push('big');
    r();
  });
  const smalls = [1, 2, 3].map((i) =>
    sem.acquire(1).then((r) => {
      log.push(`small${i}`);
      r();
    }),
  );
  await flush();
  holder();
  await Promise.all([big, ...smalls]);
  return log;
}

test('the big waiter is served first, then the small ones in order', async () => {
  assert.deepEqual(await order(new Semaphore(4)), ['big', 'small1', 'small2', 'small3']);
});

test('naive greedy semaphore lets the small ones overtake', async () => {
  const log = await order(new GreedySemaphore(4));
  assert.notEqual(log[0], 'big');
});
