// S16: close() aborts every task through its signal and resolves only after all have settled;
// concurrent closes share one promise. Scale: 10 long-running tasks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TaskGroup } from '../../../src/sync/TaskGroup.js';
import { FireAndForget } from '../../naive/fireAndForget.js';
import { flush } from '../helpers.js';

function untilAborted(signal: AbortSignal, log: string[], i: number): Promise<void> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => {
      // Cleanup takes a tick after the abort; close() must wait for it.
      setImmediate(() => {
        log.push(`stopped ${i}`);
        reject(signal.reason);
      });
    });
  });
}

test('close aborts all 10 and waits for each to stop', async () => {
  const group = new TaskGroup();
  const log: string[] = [];
  for (let i = 0; i < 10; i++) group.spawn((signal) => untilAborted(signal, log, i));
  assert.equal(group.running, 10);
  const [a, b] = [group.close(), group.close()];
  assert.equal(a, b);
  await a; // abort errors are cancellations, not failures
  assert.equal(log.length, 10);
  assert.equal(group.running, 0);
});

test('naive fire-and-forget: shutdown returns while all 10 still run', async () => {
  const naive = new FireAndForget();
  const controller = new AbortController();
  const log: string[] = [];
  for (let i = 0; i < 10; i++) naive.spawn(() => untilAborted(controller.signal, log, i));
  await naive.shutdown();
  assert.equal(log.length, 0, 'nothing was stopped: the tasks outlive their owner');
  controller.abort();
  await flush();
});
