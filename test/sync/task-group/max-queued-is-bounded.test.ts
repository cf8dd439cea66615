// The queue of spawns waiting for a slot is bounded: beyond maxQueued, spawn throws
// CapacityExceededError and nothing is queued.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CapacityExceededError, OutOfRangeError } from '../../../src/errors.js';
import { TaskGroup } from '../../../src/sync/TaskGroup.js';
import { gate } from '../helpers.js';

test('the 4th waiting spawn is refused', async () => {
  const group = new TaskGroup({ concurrency: 1, maxQueued: 3 });
  const block = gate();
  group.spawn(() => block.promise);
  for (let i = 0; i < 3; i++) group.spawn(async () => {});
  assert.throws(() => group.spawn(async () => {}), CapacityExceededError);
  assert.equal(group.queued, 3);
  block.resolve();
  await group.wait();
});

test('options are validated', () => {
  assert.throws(() => new TaskGroup({ concurrency: 0 }), OutOfRangeError);
  assert.throws(() => new TaskGroup({ maxQueued: -1 }), OutOfRangeError);
  assert.throws(() => new TaskGroup({ policy: 'ignore' as never }), {
    code: 'ERR_INVALID_ARGUMENT',
  });
});
