// Property (fast-check, fc.scheduler explores the async interleavings): under random arrivals,
// timeouts, aborts and clock ticks, (1) never more than one holder, (2) grants follow arrival
// order, (3) every waiter has exactly one terminal outcome and a granted one ran its work,
// (4) at the end the lock is free and nobody is queued.
// Scale: up to 8 callers per run, 200 runs; the naive phantom-waiter mutex must fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../../../src/clock.js';
import { Mutex } from '../../../src/sync/Mutex.js';
import { PhantomWaiterMutex } from '../../naive/phantomWaiterMutex.js';
import { drive } from '../helpers.js';

interface Lock {
  runExclusive<T>(
    fn: () => Promise<T>,
    o?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<T>;
  isLocked(): boolean;
}

const spec = fc.record({
  timeoutMs: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  abort: fc.boolean(),
});

function property(make: (clock: ManualClock) => Lock) {
  return fc.asyncProperty(
    fc.scheduler(),
    fc.array(spec, { minLength: 1, maxLength: 8 }),
    async (s, specs) => {
      const clock = new ManualClock();
      const lock = make(clock);
      let holders = 0;
      let maxHolders = 0;
      const arrivals: number[] = [];
      const grants: number[] = [];
      const outcomes: string[][] = specs.map(() => []);
      const runs = specs.map((sp, i) => {
        const controller = new AbortController();
        if (sp.abort) s.schedule(Promise.resolve(), `abort ${i}`).then(() => controller.abort());
        return s.schedule(Promise.resolve(), `arrive ${i}`).then(() => {
          arrivals.push(i);
          return lock
            .runExclusive(
              async () => {
                grants.push(i);
                holders++;
                maxHolders = Math.max(maxHolders, holders);
                await s.schedule(Promise.resolve(), `work ${i}`);
                holders--;
              },
              { timeoutMs: sp.timeoutMs, signal: controller.signal },
            )
            .then(
              () => outcomes[i]?.push('done'),
              () => outcomes[i]?.push('gave-up'),
            );
        });
      });
      for (let t = 0; t < 5; t++)
        s.schedule(Promise.resolve(), 'tick').then(() => clock.advance(1));
      const settled = await drive(
        s,
        () => outcomes.every((o) => o.length > 0),
        () => clock.advance(10),
      );
      assert.ok(settled, 'every caller reached an outcome');
      void runs;
      assert.ok(maxHolders <= 1, 'at most one holder');
      const granted = arrivals.filter((i) => grants.includes(i));
      assert.deepEqual(grants, granted, 'grants follow arrival order');
      for (let i = 0; i < specs.length; i++) {
        assert.equal(outcomes[i]?.length, 1, `caller ${i} has one outcome`);
        assert.equal(
          outcomes[i]?.[0] === 'done',
          grants.includes(i),
          `caller ${i} ran iff granted`,
        );
      }
      assert.equal(lock.isLocked(), false, 'free at the end');
    },
  );
}

test('Mutex keeps its invariants under every explored interleaving', async () => {
  await fc.assert(
    property((clock) => new Mutex({ clock })),
    { numRuns: 200 },
  );
});

test('naive phantom-waiter mutex breaks them', async () => {
  const result = await fc.check(
    property((clock) => new PhantomWaiterMutex(clock)),
    { numRuns: 200 },
  );
  assert.equal(result.failed, true);
});
