// 'collect': tasks fail independently; wait() rejects with an AggregateError of all failures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TaskGroup } from '../../../src/sync/TaskGroup.js';

test('two failures out of four are both reported', async () => {
  const group = new TaskGroup({ policy: 'collect' });
  const values = [1, 2, 3, 4].map((i) =>
    group.spawn(async () => {
      if (i % 2 === 0) throw new Error(`fail ${i}`);
      return i;
    }),
  );
  const error = await group.wait().catch((e: unknown) => e);
  assert.ok(error instanceof AggregateError);
  assert.deepEqual(
    error.errors.map((e: Error) => e.message),
    ['fail 2', 'fail 4'],
  );
  assert.equal(await values[0], 1);
  assert.equal(await values[2], 3);
  assert.equal(group.closed, false, 'collect does not abort the group');
});

test('wait() resolves when nothing failed', async () => {
  const group = new TaskGroup({ policy: 'collect' });
  group.spawn(async () => 1);
  await group.wait();
  await group.close();
});
