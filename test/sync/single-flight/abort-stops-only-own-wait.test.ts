// Rule: a caller's abort stops its own wait, never the shared work.
// Scale: 3 callers of one flight; the first aborts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbortedError } from '../../../src/errors.js';
import { SingleFlight } from '../../../src/sync/SingleFlight.js';
import { naiveRun, resetNaiveInflight } from '../../naive/naiveSingleFlight.js';
import { gate } from '../helpers.js';

test('the aborting caller rejects; the others get the value', async () => {
  const flights = new SingleFlight<string, string>();
  const done = gate<string>();
  const controller = new AbortController();
  const a = flights.run('k', () => done.promise, { signal: controller.signal });
  const b = flights.run('k', () => 'x');
  const c = flights.run('k', () => 'x');
  controller.abort();
  await assert.rejects(a, AbortedError);
  done.resolve('value');
  assert.deepEqual(
    (await Promise.all([b, c])).map((r) => r.value),
    ['value', 'value'],
  );
});

test('naive: one caller’s abort aborts the shared work for everyone', async () => {
  resetNaiveInflight();
  const controller = new AbortController();
  const work = (signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error('aborted')));
      setImmediate(() => resolve('value'));
    });
  const a = naiveRun('k', work, controller.signal);
  const b = naiveRun('k', work);
  controller.abort();
  const results = await Promise.allSettled([a, b]);
  assert.equal(results[1]?.status, 'rejected', 'b never asked to abort but lost its result');
});
