// Keys are never joined ambiguously: ['a','bc'] and ['ab','c'] are separate flights.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SingleFlight } from '../../../src/sync/SingleFlight.js';
import { naiveRun, resetNaiveInflight } from '../../naive/naiveSingleFlight.js';

test('each key gets its own value', async () => {
  const flights = new SingleFlight<string[], string>();
  const [x, y] = await Promise.all([
    flights.run(['a', 'bc'], async () => 'a|bc'),
    flights.run(['ab', 'c'], async () => 'ab|c'),
  ]);
  assert.equal(x.value, 'a|bc');
  assert.equal(y.value, 'ab|c');
  assert.equal(x.shared || y.shared, false);
});

test('naive joined keys hand one caller the other key’s value', async () => {
  resetNaiveInflight();
  const [x, y] = await Promise.all([
    naiveRun(['a', 'bc'], async () => 'a|bc'),
    naiveRun(['ab', 'c'], async () => 'ab|c'),
  ]);
  assert.equal(x, 'a|bc');
  assert.notEqual(y, 'ab|c');
});
