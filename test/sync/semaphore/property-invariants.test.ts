// Property (fast-check + fc.scheduler): weighted callers with random weights, timeouts, aborts
// and clock ticks: (1) held weight never exceeds capacity, (2) grants follow arrival order
// (FIFO, a big head is never overtaken), (3) every caller has exactly one outcome and ran iff
// granted, (4) all permits are back at the end.
// Scale: capacity 3, up to 8 callers of weight 1..3, 200 runs; the naive greedy semaphore fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../../../src/clock.js';
import { Semaphore } from '../../../src/sync/Semaphore.js';
import { GreedySemaphore } from '../../naive/greedySemaphore.js';
import { drive } from '../helpers.js';

interface Sem {
  withPermits<T>(
    w: number,
    fn: () => Promise<T>,
    o?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<T>;
}

const CAPACITY = 3;
const spec = fc.record({
  weight: fc.integer({ min: 1, max: CAPACITY }),
  timeoutMs: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  abort: fc.boolean(),
});

function property(make: (clock: ManualClock) => Sem, available?: (sem: Sem) => number) {
  return fc.asyncProperty(
    fc.scheduler(),
    fc.array(spec, { minLength: 1, maxLength: 8 }),
    async (s, specs) => {
      const clock = new ManualClock();
      const sem = make(clock);
      let held = 0;
      let maxHeld = 0;
      const arrivals: number[] = [];
      const grants: number[] = [];
      const outcomes: string[][] = specs.map(() => []);
      specs.forEach((sp, i) => {
        const controller = new AbortController();
        if (sp.abort) s.schedule(Promise.resolve(), `abort ${i}`).then(() => controller.abort());
        s.schedule(Promise.resolve(), `arrive ${i}`).then(() => {
          arrivals.push(i);
          sem
            .withPermits(
              sp.weight,
              async () => {
                grants.push(i);
                held += sp.weight;
                maxHeld = Math.max(maxHeld, held);
                await s.schedule(Promise.resolve(), `work ${i}`);
                held -= sp.weight;
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
      assert.ok(maxHeld <= CAPACITY, 'never more than capacity held');
      assert.deepEqual(
        grants,
        arrivals.filter((i) => grants.includes(i)),
        'FIFO grants',
      );
      for (let i = 0; i < specs.length; i++) {
        assert.equal(outcomes[i]?.length, 1);
        assert.equal(outcomes[i]?.[0] === 'done', grants.includes(i));
      }
      if (available) assert.equal(available(sem), CAPACITY);
    },
  );
}

test('Semaphore keeps its invariants under every explored interleaving', async () => {
  await fc.assert(
    property(
      (clock) => new Semaphore(CAPACITY, { clock }),
      (sem) => (sem as Semaphore).available,
    ),
    { numRuns: 200 },
  );
});

test('naive greedy semaphore breaks FIFO', async () => {
  const result = await fc.check(
    property(() => new GreedySemaphore(CAPACITY)),
    { numRuns: 200 },
  );
  assert.equal(result.failed, true);
});
