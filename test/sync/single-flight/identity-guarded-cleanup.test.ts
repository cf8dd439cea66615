// Rule: cleanup is identity-guarded (golang/go#31420): an old flight finishing removes its entry
// only if it is still the current one. Scale: old flight, forget, new flight, then 1 more caller.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SingleFlight } from '../../../src/sync/SingleFlight.js';
import { naiveForget, naiveRun, resetNaiveInflight } from '../../naive/naiveSingleFlight.js';
import { flush, gate } from '../helpers.js';

test('the old flight finishing does not remove the new one', async () => {
  const flights = new SingleFlight<string, string>();
  let runs = 0;
  const counted =
    <T>(fn: () => T) =>
    () => {
      runs++;
      return fn();
    };
  const oldDone = gate<string>();
  const newDone = gate<string>();
  const old = flights.run(
    'k',
    counted(() => oldDone.promise),
  );
  flights.forget('k');
  const fresh = flights.run(
    'k',
    counted(() => newDone.promise),
  );
  oldDone.resolve('old');
  assert.deepEqual(await old, { value: 'old', shared: false });
  assert.equal(flights.has('k'), true, 'the new flight is still current');
  const joiner = flights.run(
    'k',
    counted(() => Promise.resolve('third')),
  );
  newDone.resolve('new');
  assert.equal((await joiner).value, 'new');
  assert.equal((await fresh).value, 'new');
  assert.equal(runs, 2);
});

test('naive unguarded finally deletes the new flight and a third run starts', async () => {
  resetNaiveInflight();
  let runs = 0;
  const counted =
    <T>(fn: () => T) =>
    () => {
      runs++;
      return fn();
    };
  const oldDone = gate<string>();
  const newDone = gate<string>();
  const old = naiveRun(
    'k',
    counted(() => oldDone.promise),
  );
  naiveForget('k');
  const fresh = naiveRun(
    'k',
    counted(() => newDone.promise),
  );
  oldDone.resolve('old');
  await old;
  await flush();
  const joiner = naiveRun(
    'k',
    counted(() => Promise.resolve('third')),
  );
  newDone.resolve('new');
  assert.equal(await joiner, 'third');
  await fresh;
  assert.equal(runs, 3);
});
