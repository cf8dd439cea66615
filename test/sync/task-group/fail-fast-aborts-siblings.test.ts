// S16 "failures surface": with 'fail-fast', the first failure aborts the siblings, drops queued
// tasks, and wait() rejects with it once everything has settled.
// Scale: 3 running tasks (concurrency 3), 2 queued; task 0 fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbortedError } from '../../../src/errors.js';
import { TaskGroup } from '../../../src/sync/TaskGroup.js';
import { FireAndForget } from '../../naive/fireAndForget.js';
import { flush, gate } from '../helpers.js';

test('first error wins; siblings see the abort; queued never start', async () => {
  const group = new TaskGroup({ concurrency: 3 });
  const fail = gate();
  const started: number[] = [];
  const results = [0, 1, 2, 3, 4].map((i) =>
    group.spawn(async (signal) => {
      started.push(i);
      if (i === 0) {
        await fail.promise;
        throw new Error('task 0 failed');
      }
      await new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error(`sibling ${i} failed too`))),
      );
    }),
  );
  await flush();
  fail.resolve();
  await assert.rejects(group.wait(), /task 0 failed/);
  assert.deepEqual(started, [0, 1, 2]);
  assert.equal(group.closed, true);
  const settled = await Promise.allSettled(results);
  assert.ok(
    settled.slice(3).every((r) => r.status === 'rejected' && r.reason instanceof AbortedError),
  );
  assert.deepEqual(group.errors.length, 1);
  await assert.rejects(group.close(), /task 0 failed/);
});

test('naive fire-and-forget: the failure is swallowed and nobody is told', async () => {
  const naive = new FireAndForget();
  naive.spawn(async () => {
    throw new Error('task 0 failed');
  });
  await naive.shutdown();
  await flush();
  assert.equal(naive.lost.length, 1, 'the error went to a log, not to the owner');
});
