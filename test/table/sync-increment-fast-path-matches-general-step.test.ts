// The plain-increment fast path of `sync.updateCounter(key, n)` (no op list, bound step) gives
// exactly what the general step gives for the same call written as an op list `[{ incr: n }]`: the same
// result, the same error, the same entry afterwards (value, expiry, LRU position). Scale: 12
// starting states (with and without a TTL in the table) × 8 increments × 3 option sets, each run
// on two fresh tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import type { Data } from '../../src/data.js';
import { MemoryStore } from '../../src/store/memory.js';
import { Table } from '../../src/table/Table.js';

const STATES: Array<[string, Data | undefined]> = [
  ['missing', undefined],
  ['zero', 0],
  ['negative', -7],
  ['near the top', Number.MAX_SAFE_INTEGER - 1],
  ['at the top', Number.MAX_SAFE_INTEGER],
  ['at the bottom', Number.MIN_SAFE_INTEGER],
  ['a fraction', 1.5],
  // 1 + 1e-20 === 1: the sum is an integer although the counter is not.
  ['a tiny fraction', 1e-20],
  ['a string', '3'],
  ['null', null],
  ['an object', { n: 1 }],
  ['an array', [1]],
];
const INCREMENTS = [0, 1, -1, 5, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2, -2];
const OPTIONS = [undefined, { default: 0 }, { default: 0, ttlMs: 50 }];

type Outcome = { ok: unknown } | { error: [string, unknown, unknown, string] };

function outcome(run: () => unknown): Outcome {
  try {
    return { ok: run() };
  } catch (e) {
    const err = e as { name: string; code?: unknown; argument?: unknown; message: string };
    return { error: [err.name, err.code, err.argument, err.message] };
  }
}

function fresh(start: Data | undefined, clock: ManualClock, ttl: boolean) {
  const t = new Table<Data>('t', {
    store: new MemoryStore({ clock }),
    maxEntries: 3,
    evict: 'lru',
  });
  const v = t.sync;
  v.set('other', 1);
  // Without any TTL in the table nothing can expire: the fast path skips clock and expiry checks.
  if (start !== undefined) v.set('k', start, ttl ? { ttlMs: 100 } : undefined);
  v.set('last', 2);
  return v;
}

test('fast path and op-list path agree on result, error and entry state', () => {
  for (const [label, start] of STATES) {
    for (const incr of INCREMENTS) {
      for (const [options, ttl] of OPTIONS.flatMap((o) => [
        [o, true] as const,
        [o, false] as const,
      ])) {
        const clock = new ManualClock(10);
        const fast = fresh(start, clock, ttl);
        const general = fresh(start, clock, ttl);
        clock.advance(5);
        const a = outcome(() => fast.updateCounter('k', incr, options));
        const b = outcome(() => {
          const r = general.updateCounter('k', [{ incr }], options);
          return r[0];
        });
        const where = `${label}${ttl ? ' (TTL)' : ''}, incr ${incr}, ${JSON.stringify(options)}`;
        assert.deepEqual(a, b, where);
        // Same entries in the same LRU order, and the same expiry: both vanish at the same time.
        assert.deepEqual([...fast.entries()], [...general.entries()], where);
        fast.set('new', 3); // evicts the least recently used of the same set
        general.set('new', 3);
        assert.deepEqual([...fast.entries()], [...general.entries()], where);
        clock.advance(95);
        assert.deepEqual(fast.get('k'), general.get('k'), where);
        clock.advance(100);
        assert.deepEqual(fast.get('k'), general.get('k'), where);
      }
    }
  }
});
