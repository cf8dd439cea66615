// S16: spawning into a closed group is an error (ClosedError, thrown synchronously).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClosedError, InvalidArgumentError } from '../../../src/errors.js';
import { TaskGroup } from '../../../src/sync/TaskGroup.js';

test('spawn after close throws ClosedError and runs nothing', async () => {
  const group = new TaskGroup();
  await group.close();
  let ran = false;
  assert.throws(
    () =>
      group.spawn(async () => {
        ran = true;
      }),
    ClosedError,
  );
  assert.equal(ran, false);
  assert.throws(() => new TaskGroup().spawn(1 as never), InvalidArgumentError);
});

test('spawn while closing throws too', async () => {
  const group = new TaskGroup();
  group.spawn(
    (signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
  );
  const closing = group.close();
  assert.throws(() => group.spawn(async () => {}), { code: 'ERR_CLOSED' });
  await closing;
});
