// Property: the synchronous view of a Cache (`cache.sync`) and the async methods give the same
// results, errors, contents and counters (hits, misses, evictions) for any sequence of
// operations, valid or not, with and without stale-while-revalidate. The async side runs on a
// MemoryStore subclass (no synchronous steps: the Table's async path, evictions counted from the
// published events); the view on a plain MemoryStore (evictions from the store's count).
// Scale: 200 runs of 10 to 50 steps per setting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Cache, type CacheOptions } from '../../src/cache/Cache.js';
import { ManualClock } from '../../src/clock.js';
import type { Data } from '../../src/data.js';
import { MemoryStore } from '../../src/store/memory.js';

class AsyncOnlyStore extends MemoryStore {}

type Step = { op: 'tick'; ms: number } | { op: string; args: unknown[] };

const key = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<unknown>('a', 'b', 'c', 'd', '*', ':_', ['u', 1]) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, Number.NaN, {}) },
);
const value = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 2, arbitrary: fc.record({ n: fc.integer({ min: 0, max: 9 }) }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, new Date(0), Number.NaN) },
);
const setOptions = fc.oneof(
  { weight: 4, arbitrary: fc.constant<unknown>(undefined) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 15 }).map((ttlMs) => ({ ttlMs })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ ttlMs: 0 }, { ttl: 5 }, 'x') },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 8 }) }),
  fc.tuple(key, value, setOptions).map(([k, v, o]) => ({ op: 'set', args: [k, v, o] })),
  fc.tuple(fc.constantFrom('get', 'has', 'delete'), key).map(([op, k]) => ({ op, args: [k] })),
  fc.constantFrom('clear', 'size', 'purgeStale').map((op) => ({ op, args: [] })),
);

type Outcome = { ok: unknown } | { error: unknown[] };

function fail(e: unknown): Outcome {
  const x = e as { name: string; code?: unknown; argument?: unknown; message: string };
  return { error: [x.constructor.name, x.name, x.code, x.argument, x.message] };
}

const SETTINGS: Array<[string, Omit<CacheOptions, 'store' | 'clock'>]> = [
  ['LRU of 3, TTL 10', { maxEntries: 3, ttlMs: 10 }],
  ['LRU of 3, no TTL', { maxEntries: 3 }],
  ['stale-while-revalidate', { maxEntries: 4, ttlMs: 5, staleWhileRevalidateMs: 5 }],
];

for (const [label, options] of SETTINGS) {
  test(`Cache sync view and async methods agree (${label})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 50 }), async (steps) => {
        const clock = new ManualClock(100);
        const viewed = new Cache<Data>('c', {
          ...options,
          clock,
          store: new MemoryStore({ clock }),
        });
        const awaited = new Cache<Data>('c', {
          ...options,
          clock,
          store: new AsyncOnlyStore({ clock }),
        });
        assert.equal(awaited.hasSync, false);
        const view = viewed.sync;
        for (const [i, s] of steps.entries()) {
          if (s.op === 'tick') {
            clock.advance((s as { ms: number }).ms);
            continue;
          }
          const { op, args } = s as { op: string; args: unknown[] };
          let expected: Outcome;
          try {
            const method = (awaited as unknown as Record<string, (...a: unknown[]) => unknown>)[
              op
            ]!;
            expected = { ok: await method.apply(awaited, args) };
          } catch (e) {
            expected = fail(e);
          }
          let actual: Outcome;
          try {
            const method = (view as unknown as Record<string, (...a: unknown[]) => unknown>)[op]!;
            actual = { ok: method.apply(view, args) };
          } catch (e) {
            actual = fail(e);
          }
          assert.deepEqual(actual, expected, `step ${i}: ${op}`);
          assert.deepEqual(await viewed.stats(), await awaited.stats(), `stats after step ${i}`);
        }
      }),
      { numRuns: 200 },
    );
  });
}
