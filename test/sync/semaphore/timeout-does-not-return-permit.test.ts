// S19 / rule "stop waiting is not return the permit": a caller whose wait times out holds
// nothing, and a running task's permit returns only when its work settles, never at a timeout.
// Scale: capacity 1, 3 tasks of 20 ms work each, timeoutMs 5, ManualClock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { TimeoutError } from '../../../src/errors.js';
import { Semaphore } from '../../../src/sync/Semaphore.js';
import { LeakyTimeoutSemaphore } from '../../naive/leakyTimeoutSemaphore.js';
import { flush } from '../helpers.js';

function work(clock: ManualClock, ms: number, counter: { now: number; max: number }) {
  return () =>
    new Promise<void>((resolve) => {
      counter.now++;
      counter.max = Math.max(counter.max, counter.now);
      clock.setTimer(ms, () => {
        counter.now--;
        resolve();
      });
    });
}

test('running work keeps its permit past timeoutMs; waiters that time out hold nothing', async () => {
  const clock = new ManualClock();
  const sem = new Semaphore(1, { clock });
  const counter = { now: 0, max: 0 };
  const results = [0, 1, 2].map((i) =>
    sem.withPermits(1, work(clock, 20, counter), { timeoutMs: 5 }).then(
      () => `done ${i}`,
      (e: unknown) => (e instanceof TimeoutError ? `timeout ${i}` : `error ${i}`),
    ),
  );
  await flush();
  clock.advance(5);
  await flush();
  assert.equal(sem.available, 0, 'task 0 still runs: its permit is still out');
  assert.equal(sem.waiting, 0, 'tasks 1 and 2 stopped waiting');
  clock.advance(15);
  await flush();
  assert.equal(sem.available, 1, 'returned when the work settled');
  assert.deepEqual(await Promise.all(results), ['done 0', 'timeout 1', 'timeout 2']);
  assert.equal(counter.max, 1);
});

test('naive: the timeout returns the permit early and 3 tasks run at once', async () => {
  const clock = new ManualClock();
  const naive = new LeakyTimeoutSemaphore(1, clock);
  const counter = { now: 0, max: 0 };
  const results = [0, 1, 2].map(() => naive.withPermit(work(clock, 20, counter), 5));
  for (let t = 0; t < 30; t++) {
    clock.advance(1);
    await flush();
  }
  await Promise.all(results);
  assert.equal(counter.max, 3);
});
