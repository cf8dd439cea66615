// Concurrent callers of one key share one run of fn and its value.
// Scale: 10 concurrent callers of one key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SingleFlight } from '../../../src/sync/SingleFlight.js';
import { CheckThenAwaitFlights } from '../../naive/checkThenAwaitFlight.js';
import { gate } from '../helpers.js';

test('fn runs once and all 10 callers get its value, marked shared', async () => {
  const flights = new SingleFlight<string, number>();
  let runs = 0;
  const done = gate<number>();
  const callers = Array.from({ length: 10 }, () =>
    flights.run('k', () => {
      runs++;
      return done.promise;
    }),
  );
  done.resolve(7);
  const results = await Promise.all(callers);
  assert.equal(runs, 1);
  assert.deepEqual(new Set(results.map((r) => `${r.value}/${r.shared}`)), new Set(['7/true']));
  assert.equal(flights.size, 0);
});

test('naive check-then-await-then-register runs 10 times', async () => {
  const naive = new CheckThenAwaitFlights<number>();
  const done = gate<number>();
  const callers = Array.from({ length: 10 }, () =>
    naive.run(
      'k',
      () => done.promise,
      async () => {},
    ),
  );
  done.resolve(7);
  await Promise.all(callers);
  assert.equal(naive.runs, 10);
});
