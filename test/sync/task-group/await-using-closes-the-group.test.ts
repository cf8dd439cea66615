// `await using` closes the group at the end of the scope: tasks are aborted and awaited.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TaskGroup } from '../../../src/sync/TaskGroup.js';

test('leaving the scope aborts and awaits the tasks', async () => {
  let stopped = false;
  let outside: TaskGroup | undefined;
  {
    await using group = new TaskGroup();
    outside = group;
    group.spawn(
      (signal) =>
        new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            stopped = true;
            resolve();
          }),
        ),
    );
  }
  assert.equal(stopped, true);
  assert.equal(outside?.closed, true);
});
