// S10: timeout vs completion vs error at random offsets → exactly one outcome, the same for every
// waiter; a signal that arrives after the outcome is reported (raceless:deferred), never applied.
// Real HTTP; scale: 18 seeded trials (every order of the three signals, with the completion
// either quick or held at the token endpoint while the next signal lands), 3 waiters each.
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import type { DeferredEvent } from '../../../src/sync/Deferred.js';
import { CallbackOutcome } from '../../naive/sessionResolver.js';
import { gate } from '../../sync/helpers.js';
import { authorize, hit, startHarness, until, withParams } from './harness.js';

type Signal = 'timeout' | 'success' | 'error';
const ORDERS: Signal[][] = [
  ['timeout', 'success', 'error'],
  ['timeout', 'error', 'success'],
  ['success', 'timeout', 'error'],
  ['success', 'error', 'timeout'],
  ['error', 'timeout', 'success'],
  ['error', 'success', 'timeout'],
];

/** Deterministic PRNG (mulberry32) so the trial set is fixed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const expectedCode: Record<Signal, string> = {
  timeout: 'ERR_TIMEOUT',
  success: 'ok',
  error: 'error',
};

test('every trial: one outcome, shared by all waiters, equal to the first signal that landed', async () => {
  const h = await startHarness(1_000);
  const late: DeferredEvent[] = [];
  const listener = (e: unknown) => late.push(e as DeferredEvent);
  diagnostics_channel.subscribe('raceless:deferred', listener);
  const random = prng(10);
  try {
    for (let trial = 0; trial < 18; trial++) {
      const order = ORDERS[trial % ORDERS.length]!;
      const held = order[0] === 'success' && random() < 0.5;
      const session = `trial-${trial}`;
      const waiters = Array.from({ length: 3 }, () =>
        h.service.signIn(session).then(
          () => 'ok',
          (e: { code?: string }) => e.code ?? 'error',
        ),
      );
      await h.openedCount(trial + 1);
      const callback = await authorize(h.opened[trial]!.url);
      const hold = gate();
      h.auth.beforeToken = held ? () => hold.promise : undefined;
      let inFlight: Promise<unknown> | undefined;
      for (const signal of order) {
        if (signal === 'timeout') h.clock.advance(1_000);
        if (signal === 'error')
          await hit(withParams(callback, { error: 'access_denied', code: '' })).catch(
            () => 'refused',
          );
        if (signal === 'success') {
          const before = h.auth.tokenRequests();
          inFlight = hit(callback).catch(() => 'refused');
          if (held) await until(() => h.auth.tokenRequests() > before, 'exchange in flight');
          else await inFlight;
        }
      }
      hold.resolve();
      await inFlight;
      const outcomes = await Promise.all(waiters);
      // A held completion lands after the signal that follows it.
      const effective = held ? order.filter((s) => s !== 'success') : order;
      assert.equal(new Set(outcomes).size, 1, `trial ${trial}: one outcome for all waiters`);
      assert.equal(
        outcomes[0],
        expectedCode[effective[0]!],
        `trial ${trial} ${order} held=${held}`,
      );
      if (held) {
        await until(
          () => late.some((e) => e.label === `sign-in:${session}` && e.attempt === 'resolve'),
          'late report',
        );
      }
    }
    await until(() => h.service.stats.serversClosed === 18, 'all servers closed');
  } finally {
    diagnostics_channel.unsubscribe('raceless:deferred', listener);
    await h.dispose();
  }
});

test('naive: timeout and completion both deliver an outcome', () => {
  const naive = new CallbackOutcome();
  const clock = new ManualClock();
  clock.setTimer(1_000, () => naive.timeout());
  clock.setTimer(1_000, () => naive.complete('token'));
  clock.advance(1_000);
  assert.deepEqual(naive.outcomes, ['timeout', 'ok:token']);
});
