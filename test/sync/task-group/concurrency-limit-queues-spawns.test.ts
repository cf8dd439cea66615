// At most `concurrency` tasks run; queued spawns start FIFO as slots free up.
// Scale: concurrency 2, 6 tasks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TaskGroup } from '../../../src/sync/TaskGroup.js';
import { flush } from '../helpers.js';

test('never more than 2 running; started in spawn order', async () => {
  const group = new TaskGroup({ concurrency: 2 });
  let running = 0;
  let max = 0;
  const order: number[] = [];
  for (let i = 0; i < 6; i++) {
    group.spawn(async () => {
      order.push(i);
      running++;
      max = Math.max(max, running);
      await flush();
      running--;
    });
  }
  assert.equal(group.running, 2);
  assert.equal(group.queued, 4);
  await group.wait();
  assert.equal(max, 2);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
});
