// Bad input gets the same typed error from the synchronous view (thrown) as from the async API
// (rejected) — same class, code, argument and message — and leaves the table untouched.
// Scale: 40 bad calls over every method, each checked against a table of 3 entries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import type { Data } from '../../src/data.js';
import { MemoryStore } from '../../src/store/memory.js';
import { Table } from '../../src/table/Table.js';

class AsyncOnlyStore extends MemoryStore {}

const BAD: Array<[string, unknown[]]> = [
  ['get', [null]],
  ['get', [Number.NaN]],
  ['has', [{}]],
  ['set', [undefined, 1]],
  ['set', ['a', new Date(0)]],
  ['set', ['a', 1, { ttlMs: 0 }]],
  ['set', ['a', 1, { ttl: 5 }]],
  ['set', [null, new Date(0), { ttlMs: -1 }]], // the options are checked first
  ['setMany', [5]],
  ['setMany', [[['a', 1], ['b']]]],
  ['setMany', [[['a', 1]], { ttlMs: 1.5 }]],
  ['insertNew', ['a', Number.POSITIVE_INFINITY]],
  [
    'insertNewMany',
    [
      [
        ['x', 1],
        ['x', 2],
      ],
    ],
  ],
  ['take', [[[], Symbol('s')]]],
  ['delete', [undefined]],
  ['compareAndSet', ['a', 1, undefined]],
  ['compareAndSet', ['a', new Map(), 2]],
  ['compareAndSet', [null, 1, 2, { ttlMs: 'x' }]],
  ['compareAndDelete', ['a', () => 1]],
  ['compareAndDelete', [null, () => 1]],
  ['update', ['a', 'not a function']],
  ['update', ['a', () => Promise.resolve(1)]],
  ['update', ['a', () => new Date(0)]],
  ['update', ['a', (n: number) => n + 1, { ttlMs: 0 }]],
  ['updateCounter', ['a', Number.NaN]],
  ['updateCounter', ['a', 0.5]],
  ['updateCounter', ['a', 2 ** 53]],
  ['updateCounter', ['a', '1']],
  ['updateCounter', [null, 1]],
  ['updateCounter', [null, Number.NaN]], // the increment is checked before the key
  ['updateCounter', ['a', 1, { default: Number.NaN }]],
  ['updateCounter', ['a', 1, { dflt: 0 }]],
  ['updateCounter', ['a', [{ incr: 1 }, { incr: 1, threshold: 3 }]]],
  ['updateCounter', ['a', { field: 7, incr: 1 }]],
  ['updateCounter', ['missing', 1]], // NotFoundError
  ['updateCounter', ['s', 1]], // NotACounterError
  ['updateCounter', ['a', Number.MAX_SAFE_INTEGER]], // OutOfRangeError from the store
  ['updateFields', ['a', 5]],
  ['updateFields', ['a', { n: 1 }]], // WrongTypeError: 'a' holds a number
  ['selectDelete', [{ bogus: true }]],
];

function label(args: unknown[]): string {
  return inspect(args, { breakLength: Number.POSITIVE_INFINITY });
}

function fill(t: Table<Data>['sync']): void {
  t.set('a', 1);
  t.set('s', 'text');
  t.set('o', { n: 1 }, { ttlMs: 60_000 });
}

test('every bad call fails alike on both views and writes nothing', async () => {
  for (const [method, args] of BAD) {
    const view = new Table<Data>('t', { store: new MemoryStore(), maxEntries: 5 }).sync;
    const asyncStore = new AsyncOnlyStore();
    const asyncTable = new Table<Data>('t', { store: asyncStore, maxEntries: 5 });
    fill(view);
    await asyncTable.set('a', 1);
    await asyncTable.set('s', 'text');
    await asyncTable.set('o', { n: 1 }, { ttlMs: 60_000 });
    const before = [...view.entries()];

    const call = (target: object) =>
      (target as Record<string, (...a: unknown[]) => unknown>)[method]!.apply(target, args);
    let thrown: unknown;
    assert.throws(
      () => call(view),
      (e) => {
        thrown = e;
        return true;
      },
      `${method} ${label(args)}`,
    );
    let rejected: unknown;
    await assert.rejects(
      Promise.resolve().then(() => call(asyncTable)),
      (e) => {
        rejected = e;
        return true;
      },
    );
    const shape = (e: unknown) => {
      const x = e as { name: string; code?: unknown; argument?: unknown; message: string };
      return [x.constructor.name, x.name, x.code, x.argument, x.message];
    };
    assert.deepEqual(shape(thrown), shape(rejected), `${method} ${label(args)}`);
    assert.ok((thrown as { code?: string }).code?.startsWith('ERR_'), `${method}: typed error`);
    assert.deepEqual([...view.entries()], before, `${method}: nothing written`);
  }
});
