// Property: the synchronous view (`table.sync`, over the store's registered steps) and the async
// API (over the store's async methods) give the same results, the same errors and the same table
// contents for any sequence of operations, valid or not. Two memory stores on one manual clock:
// a plain MemoryStore (the view) and a subclass of it (no registered steps, so its Table takes
// the async path). Scale: 300 runs of 10 to 40 steps per bound setting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../../src/clock.js';
import type { Data } from '../../src/data.js';
import { MemoryStore } from '../../src/store/memory.js';
import { Table, type TableOptions } from '../../src/table/Table.js';

class AsyncOnlyStore extends MemoryStore {}

type Step =
  | { readonly op: 'tick'; readonly ms: number }
  | { readonly op: 'entries'; readonly args: readonly unknown[] }
  | { readonly op: string; readonly args: readonly unknown[] };

const key = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<unknown>('a', 'b', 'c', '', ':_', ['t', 1], 7, -0) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, Number.NaN, {}, [[]], undefined) },
);
const value = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>('x', 1.5, Number.MAX_SAFE_INTEGER, null) },
  {
    weight: 2,
    arbitrary: fc.record({ n: fc.integer({ min: 0, max: 3 }), s: fc.constantFrom('on', 'off') }),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, new Date(0), Number.NaN, [1, 2]) },
);
const ttl = fc.oneof(
  { weight: 4, arbitrary: fc.constant<unknown>(undefined) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 20 }).map((ttlMs) => ({ ttlMs })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ ttlMs: 0 }, { ttlMs: 1.5 }, { ttl: 5 }, 3) },
);
const incr = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 3 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(Number.NaN, 0.5, '1', Number.MAX_SAFE_INTEGER, 2 ** 53),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      field: fc.constantFrom<string | undefined>(undefined, 'n'),
      incr: fc.integer({ min: -3, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ incr: 1, threshold: 2, setValue: 0 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      [
        { field: 'n', incr: 1 },
        { field: 'n', incr: 1 },
      ],
      [1, 2],
      [],
      [{ incr: 1, threshold: 2 }],
    ),
  },
);
const createOptions = fc.oneof(
  fc.constant<unknown>(undefined),
  fc.constantFrom<unknown>({ default: 0 }, { default: { n: 0 } }, { default: 'x' }),
  fc.integer({ min: 1, max: 20 }).map((ttlMs) => ({ default: 0, ttlMs })),
  fc.constantFrom<unknown>({ default: Number.NaN }, { dflt: 0 }, { default: 0, ttlMs: -1 }),
);
const entryList = fc.array(fc.tuple(key, value), { maxLength: 3 });
const updateFns: Record<string, (cur: unknown) => unknown> = {
  inc: (cur) => (typeof cur === 'number' ? cur + 1 : 0),
  del: () => undefined,
  promise: () => Promise.resolve(1),
  date: () => new Date(0),
  throws: () => {
    throw new Error('fn failed');
  },
};
const spec = fc.constantFrom<unknown>(
  { value: true, lt: 0 },
  { field: 'n', exists: true },
  { key: true, eq: 'a' },
  { and: [] },
  { bogus: 1 },
);

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('tick'), ms: fc.integer({ min: 0, max: 12 }) }),
  fc.tuple(fc.constantFrom('get', 'has', 'take', 'delete'), key).map(([op, k]) => ({
    op,
    args: [k],
  })),
  fc.tuple(fc.constantFrom('set', 'insertNew'), key, value, ttl).map(([op, k, v, o]) => ({
    op,
    args: [k, v, o],
  })),
  fc.tuple(fc.constantFrom('setMany', 'insertNewMany'), entryList, ttl).map(([op, e, o]) => ({
    op,
    args: [e, o],
  })),
  fc.tuple(key, fc.option(value, { nil: undefined }), value, ttl).map(([k, e, n, o]) => ({
    op: 'compareAndSet',
    args: [k, e, n, o],
  })),
  fc.tuple(key, value).map(([k, e]) => ({ op: 'compareAndDelete', args: [k, e] })),
  fc.tuple(key, fc.constantFrom(...Object.keys(updateFns)), ttl).map(([k, f, o]) => ({
    op: 'update',
    args: [k, updateFns[f], o],
  })),
  fc.tuple(key, incr, createOptions).map(([k, i, o]) => ({
    op: 'updateCounter',
    args: o === undefined ? [k, i] : [k, i, o],
  })),
  fc
    .tuple(key, fc.constantFrom<unknown>({ s: 'on' }, { n: 9 }, 5, [1]), createOptions)
    .map(([k, f, o]) => ({ op: 'updateFields', args: [k, f, o] })),
  spec.map((s) => ({ op: 'selectDelete', args: [s] })),
  fc.constantFrom<unknown>(undefined, { batchSize: 1 }, { batchSize: 0 }).map((o) => ({
    op: 'entries',
    args: [o],
  })),
  fc.constantFrom('size', 'clear').map((op) => ({ op, args: [] })),
);

type Outcome = { ok: unknown } | { error: Record<string, unknown> };

function errorOf(e: unknown): Outcome {
  const err = e as { name?: string; code?: string; argument?: string; message?: string };
  return {
    error: {
      class: (e as object)?.constructor?.name,
      name: err.name,
      code: err.code,
      argument: err.argument,
      message: err.message,
    },
  };
}

function runSync(view: Table<Data>['sync'], s: Step): Outcome {
  try {
    const method = (view as unknown as Record<string, (...a: unknown[]) => unknown>)[s.op]!;
    const args = [...(s as { args: readonly unknown[] }).args];
    if (s.op === 'entries') return { ok: [...(method.apply(view, args) as Iterable<unknown>)] };
    return { ok: method.apply(view, args) };
  } catch (e) {
    return errorOf(e);
  }
}

async function runAsync(table: Table<Data>, s: Step): Promise<Outcome> {
  try {
    const method = (table as unknown as Record<string, (...a: unknown[]) => unknown>)[s.op]!;
    const args = [...(s as { args: readonly unknown[] }).args];
    if (s.op === 'entries') {
      const out: unknown[] = [];
      for await (const e of method.apply(table, args) as AsyncIterable<unknown>) out.push(e);
      return { ok: out };
    }
    return { ok: await method.apply(table, args) };
  } catch (e) {
    return errorOf(e);
  }
}

async function contents(table: Table<Data>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const e of table.entries()) out.push(e);
  return out;
}

for (const [label, options] of [
  ['unbounded', {}],
  ['maxEntries 3', { maxEntries: 3 }],
  ['maxEntries 3, LRU', { maxEntries: 3, evict: 'lru' }],
] as Array<[string, Omit<TableOptions, 'store'>]>) {
  test(`sync view and async API agree on every step (${label})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40 }), async (steps) => {
        const clock = new ManualClock(1_000);
        const viewTable = new Table<Data>('t', { ...options, store: new MemoryStore({ clock }) });
        const asyncTable = new Table<Data>('t', {
          ...options,
          store: new AsyncOnlyStore({ clock }),
        });
        assert.equal(asyncTable.hasSync, false);
        const view = viewTable.sync;
        for (const [i, s] of steps.entries()) {
          if (s.op === 'tick') {
            clock.advance((s as { ms: number }).ms);
            continue;
          }
          const expected = await runAsync(asyncTable, s);
          const actual = runSync(view, s);
          assert.deepEqual(actual, expected, `step ${i}: ${s.op}`);
          assert.deepEqual([...view.entries()], await contents(asyncTable), `after step ${i}`);
        }
      }),
      { numRuns: 300 },
    );
  });
}
