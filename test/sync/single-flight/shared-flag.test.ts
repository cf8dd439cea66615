// Results report whether they were shared.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SingleFlight } from '../../../src/sync/SingleFlight.js';

test('a lone caller gets shared=false; joined callers all get shared=true', async () => {
  const flights = new SingleFlight<string, number>();
  assert.deepEqual(await flights.run('k', () => 1), { value: 1, shared: false });
  const both = await Promise.all([
    flights.run('k', async () => 2),
    flights.run('k', async () => 3),
  ]);
  assert.deepEqual(both, [
    { value: 2, shared: true },
    { value: 2, shared: true },
  ]);
});
