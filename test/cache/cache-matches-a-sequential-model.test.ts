// Property: any sequence of set/get/delete/has/clock steps gives the same answers as a simple
// sequential model (a Map with expiry times and LRU order). Scale: 200 runs of up to 60 steps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Cache } from '../../src/cache/Cache.js';
import { ManualClock } from '../../src/clock.js';

type Step =
  | { op: 'set'; key: string; value: number; ttl: number | undefined }
  | { op: 'get' | 'has' | 'delete'; key: string }
  | { op: 'tick'; ms: number };

const key = fc.constantFrom('a', 'b', 'c', 'd', '*', ':_', '');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    key,
    value: fc.integer(),
    ttl: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
  }),
  fc.record({ op: fc.constantFrom('get' as const, 'has' as const, 'delete' as const), key }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 10 }) }),
);

test('Cache behaves like the sequential model (TTL + LRU with maxEntries 3)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
      const clock = new ManualClock(0);
      const cache = new Cache<number>('model', { clock, maxEntries: 3 });
      const model = new Map<string, { value: number; exp: number }>();
      const live = (k: string) => {
        const e = model.get(k);
        if (e !== undefined && e.exp <= clock.now()) model.delete(k);
        return model.get(k);
      };
      const touch = (k: string) => {
        const e = model.get(k)!;
        model.delete(k);
        model.set(k, e);
      };
      for (const s of steps) {
        if (s.op === 'tick') {
          clock.advance(s.ms);
        } else if (s.op === 'set') {
          await cache.set(s.key, s.value, s.ttl === undefined ? undefined : { ttlMs: s.ttl });
          for (const k of [...model.keys()]) live(k);
          const exp = s.ttl === undefined ? Number.POSITIVE_INFINITY : clock.now() + s.ttl;
          if (model.has(s.key)) {
            model.set(s.key, { value: s.value, exp });
            touch(s.key);
          } else {
            if (model.size >= 3) model.delete(model.keys().next().value!);
            model.set(s.key, { value: s.value, exp });
          }
        } else if (s.op === 'get') {
          const e = live(s.key);
          if (e !== undefined) touch(s.key);
          assert.equal(await cache.get(s.key), e?.value);
        } else if (s.op === 'has') {
          const e = live(s.key);
          if (e !== undefined) touch(s.key);
          assert.equal(await cache.has(s.key), e !== undefined);
        } else {
          assert.equal(await cache.delete(s.key), live(s.key) !== undefined);
          model.delete(s.key);
        }
        for (const k of [...model.keys()]) live(k);
        assert.equal(await cache.size(), model.size);
      }
    }),
    { numRuns: 200 },
  );
});
