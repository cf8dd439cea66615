// Property: in an LRU table, which entries survive is exactly what a model says — a Map whose
// order is recency (a use moves the key to the end; a new key evicts from the front). Uses are
// reads, increments, compare-and-sets and overwrites through the LRU table; reads through a
// table without eviction limits do not count; deletes, takes and expiry remove. Scale: 300 runs
// of 20 to 80 steps, bound 4.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../../src/clock.js';
import { MemoryStore } from '../../src/store/memory.js';
import { Table } from '../../src/table/Table.js';

type Step =
  | { op: 'set' | 'get' | 'peek' | 'incr' | 'cas' | 'delete' | 'take' | 'insertNew'; key: string }
  | { op: 'setTtl'; key: string; ttl: number }
  | { op: 'tick'; ms: number };

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constantFrom(
      'set' as const,
      'get' as const,
      'peek' as const,
      'incr' as const,
      'cas' as const,
      'delete' as const,
      'take' as const,
      'insertNew' as const,
    ),
    key,
  }),
  fc.record({ op: fc.constant('setTtl' as const), key, ttl: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 4 }) }),
);

const MAX = 4;

test('LRU eviction follows the recency model exactly', () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 20, maxLength: 80 }), (steps) => {
      const clock = new ManualClock(0);
      const store = new MemoryStore({ clock });
      const t = new Table<number>('t', { store, maxEntries: MAX, evict: 'lru' }).sync;
      const plain = new Table<number>('t', { store }).sync; // same entries, no LRU limits
      const model = new Map<string, { value: number; exp: number }>();
      const live = (k: string) => {
        const e = model.get(k);
        if (e !== undefined && e.exp <= clock.now()) model.delete(k);
        return model.get(k);
      };
      const use = (k: string) => {
        const e = model.get(k)!;
        model.delete(k);
        model.set(k, e);
      };
      const create = (k: string, value: number, exp: number) => {
        for (const m of [...model.keys()]) live(m);
        if (model.size >= MAX) model.delete(model.keys().next().value!);
        model.set(k, { value, exp });
      };
      let n = 0;
      for (const s of steps) {
        n++;
        if (s.op === 'tick') {
          clock.advance(s.ms);
          continue;
        }
        const k = s.key;
        const e = live(k);
        switch (s.op) {
          case 'set':
          case 'setTtl': {
            const ttl = s.op === 'setTtl' ? s.ttl : undefined;
            t.set(k, n, ttl === undefined ? undefined : { ttlMs: ttl });
            const exp = ttl === undefined ? Number.POSITIVE_INFINITY : clock.now() + ttl;
            if (e !== undefined) {
              model.set(k, { value: n, exp });
              use(k);
            } else create(k, n, exp);
            break;
          }
          case 'insertNew':
            assert.equal(t.insertNew(k, n), e === undefined);
            if (e === undefined) create(k, n, Number.POSITIVE_INFINITY);
            break;
          case 'get':
            assert.equal(t.get(k), e?.value);
            if (e !== undefined) use(k);
            break;
          case 'peek':
            assert.equal(plain.get(k), e?.value);
            break;
          case 'incr':
            assert.equal(t.updateCounter(k, 1, { default: 0 }), (e?.value ?? 0) + 1);
            if (e !== undefined) {
              e.value++;
              use(k);
            } else create(k, 1, Number.POSITIVE_INFINITY);
            break;
          case 'cas':
            assert.equal(t.compareAndSet(k, e?.value, n), true);
            if (e !== undefined) {
              e.value = n;
              use(k);
            } else create(k, n, Number.POSITIVE_INFINITY);
            break;
          case 'delete':
            assert.equal(t.delete(k), e !== undefined);
            model.delete(k);
            break;
          case 'take':
            assert.equal(t.take(k), e?.value);
            model.delete(k);
            break;
        }
        for (const m of [...model.keys()]) live(m);
        const actual = [...t.entries()].map(([key, value]) => [key, value]);
        const expected = [...model.entries()].map(([key, { value }]) => [key, value]);
        const byKey = (x: unknown[], y: unknown[]) => (String(x[0]) < String(y[0]) ? -1 : 1);
        assert.deepEqual(actual.sort(byKey), expected.sort(byKey));
      }
    }),
    { numRuns: 300 },
  );
});
