// Property (fast-check + fc.scheduler): random callers over 2 keys with random completion
// order: (1) at most one fn runs per key at any time, (2) fn runs once per flight: each caller
// gets the value of the flight current when it called, (3) `shared` is true iff the flight had
// more than one caller, (4) no entry is left at the end.
// Scale: up to 10 callers, 200 runs; the naive check-then-await version must fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SingleFlight } from '../../../src/sync/SingleFlight.js';
import { CheckThenAwaitFlights } from '../../naive/checkThenAwaitFlight.js';
import { drive } from '../helpers.js';

type Run = (key: string, fn: () => Promise<number>) => Promise<{ value: number; shared: boolean }>;

function property(make: () => { run: Run; size: () => number }) {
  return fc.asyncProperty(
    fc.scheduler(),
    fc.array(fc.constantFrom('a', 'b'), { minLength: 1, maxLength: 10 }),
    async (s, keys) => {
      const group = make();
      let nextFlight = 0;
      const running = new Map<string, number>();
      let maxRunning = 0;
      const lastStarted = new Map<string, number>();
      const callersOf = new Map<number, number>();
      const expected: number[] = [];
      const got: ({ value: number; shared: boolean } | undefined)[] = keys.map(() => undefined);
      keys.forEach((key, i) => {
        s.schedule(Promise.resolve(), `call ${i} ${key}`).then(() => {
          let startedHere = -1;
          const fn = async () => {
            const id = nextFlight++;
            startedHere = id;
            lastStarted.set(key, id);
            running.set(key, (running.get(key) ?? 0) + 1);
            maxRunning = Math.max(maxRunning, running.get(key) ?? 0);
            await s.schedule(Promise.resolve(), `finish flight ${id}`);
            running.set(key, (running.get(key) ?? 0) - 1);
            return id;
          };
          const p = group.run(key, fn);
          const flight = startedHere >= 0 ? startedHere : (lastStarted.get(key) ?? -1);
          expected[i] = flight;
          callersOf.set(flight, (callersOf.get(flight) ?? 0) + 1);
          p.then((r) => {
            got[i] = r;
          });
        });
      });
      assert.ok(await drive(s, () => got.every((g) => g !== undefined)), 'every caller settled');
      assert.equal(maxRunning, 1, 'one fn per key at a time');
      for (let i = 0; i < keys.length; i++) {
        assert.equal(got[i]?.value, expected[i], `caller ${i} got its flight's value`);
        assert.equal(got[i]?.shared, (callersOf.get(expected[i] ?? -1) ?? 0) > 1);
      }
      assert.equal(group.size(), 0);
    },
  );
}

test('SingleFlight keeps its invariants under every explored interleaving', async () => {
  await fc.assert(
    property(() => {
      const g = new SingleFlight<string, number>();
      return { run: (k, fn) => g.run(k, fn), size: () => g.size };
    }),
    { numRuns: 200 },
  );
});

test('naive check-then-await-then-register breaks them', async () => {
  const result = await fc.check(
    property(() => {
      const g = new CheckThenAwaitFlights<number>();
      return {
        run: async (k, fn) => ({ value: await g.run(k, fn), shared: false }),
        size: () => g.active.size,
      };
    }),
    { numRuns: 200 },
  );
  assert.equal(result.failed, true);
});
