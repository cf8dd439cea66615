// forget(key): callers of the old flight keep its outcome; the next run starts a new flight.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SingleFlight } from '../../../src/sync/SingleFlight.js';
import { gate } from '../helpers.js';

test('forget detaches the current flight', async () => {
  const flights = new SingleFlight<string, number>();
  const first = gate<number>();
  const a = flights.run('k', () => first.promise);
  const b = flights.run('k', () => 99);
  assert.equal(flights.forget('k'), true);
  assert.equal(flights.forget('k'), false);
  const c = flights.run('k', () => 2);
  first.resolve(1);
  assert.deepEqual(
    (await Promise.all([a, b, c])).map((r) => r.value),
    [1, 1, 2],
  );
  assert.equal(flights.size, 0);
});
