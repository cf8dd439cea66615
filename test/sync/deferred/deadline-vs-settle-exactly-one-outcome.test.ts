// S10: timeout vs completion vs error at random offsets → exactly one outcome.
// Scale: 300 seeded trials, each with a deadline and a completion and an error at random
// offsets (ties included) on a ManualClock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../../../src/clock.js';
import { TimeoutError } from '../../../src/errors.js';
import { Deferred } from '../../../src/sync/Deferred.js';
import { CallbackOutcome } from '../../naive/sessionResolver.js';
import { flush } from '../helpers.js';

const offsets = fc.record({
  deadline: fc.integer({ min: 0, max: 5 }),
  success: fc.integer({ min: 0, max: 5 }),
  failure: fc.integer({ min: 0, max: 5 }),
});

test('one outcome, and it is the earliest signal', async () => {
  await fc.assert(
    fc.asyncProperty(offsets, async ({ deadline, success, failure }) => {
      const clock = new ManualClock();
      clock.advance(1); // so a 0 ms deadline is scheduled like the others
      const d = new Deferred<string>({ timeoutMs: deadline + 1, clock });
      const outcomes: string[] = [];
      d.promise.then(
        (v) => outcomes.push(v),
        (e: unknown) => outcomes.push(e instanceof TimeoutError ? 'timeout' : 'error'),
      );
      clock.setTimer(success + 1, () => d.resolve('ok'));
      clock.setTimer(failure + 1, () => d.reject(new Error('x')));
      clock.advance(10);
      await flush();
      assert.equal(outcomes.length, 1);
      // ManualClock fires ties in creation order: deadline, success, failure.
      const first = [
        { at: deadline, what: 'timeout' },
        { at: success, what: 'ok' },
        { at: failure, what: 'error' },
      ].sort((a, b) => a.at - b.at)[0]?.what;
      assert.equal(outcomes[0], first);
      assert.equal(d.lateSettleAttempts, 2 - (first === 'timeout' ? 0 : 1));
    }),
    { numRuns: 300, seed: 20_251_123 },
  );
});

test('naive: each path reports its own outcome', () => {
  const naive = new CallbackOutcome();
  const clock = new ManualClock();
  clock.setTimer(5, () => naive.timeout());
  clock.setTimer(5, () => naive.complete('t'));
  clock.advance(5);
  assert.equal(naive.outcomes.length, 2);
});
