// Rule: a single-flight group is an instance, never a module-global map.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SingleFlight } from '../../../src/sync/SingleFlight.js';
import { naiveRun, resetNaiveInflight } from '../../naive/naiveSingleFlight.js';

test('two groups with the same key never share', async () => {
  const users = new SingleFlight<string, string>();
  const orders = new SingleFlight<string, string>();
  const [u, o] = await Promise.all([
    users.run('42', async () => 'user 42'),
    orders.run('42', async () => 'order 42'),
  ]);
  assert.equal(u.value, 'user 42');
  assert.equal(o.value, 'order 42');
});

test('naive module-global map: the order lookup gets the user', async () => {
  resetNaiveInflight();
  const [u, o] = await Promise.all([
    naiveRun('42', async () => 'user 42'),
    naiveRun('42', async () => 'order 42'),
  ]);
  assert.equal(u, 'user 42');
  assert.equal(o, 'user 42');
});
