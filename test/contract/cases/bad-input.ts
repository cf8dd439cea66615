import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, OutOfRangeError } from '../../../src/errors.js';
import type { Table } from '../../../src/table/Table.js';
import { type Backend, dump, fresh } from '../harness.js';

type Call = [string, (t: Table<never>) => Promise<unknown>, string];

const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;
// biome-ignore lint/suspicious/noSparseArray: a hole is the bad input under test
const sparse = [1, , 3];

// Every call is refused with a typed error naming the argument; the table must be unchanged.
const CALLS: Call[] = [
  ['get(undefined)', (t) => t.get(undefined as never), 'key'],
  ['get(null)', (t) => t.get(null as never), 'key'],
  ['get({})', (t) => t.get({} as never), 'key'],
  ['get(NaN)', (t) => t.get(Number.NaN), 'key'],
  ['get(Infinity)', (t) => t.get(Number.POSITIVE_INFINITY), 'key'],
  ['get(Symbol)', (t) => t.get(Symbol('x') as never), 'key'],
  ['get([undefined])', (t) => t.get([undefined] as never), 'key'],
  ['set(k, undefined)', (t) => t.set('a', undefined as never), 'value'],
  ['set(k, function)', (t) => t.set('a', (() => 1) as never), 'value'],
  ['set(k, NaN)', (t) => t.set('a', Number.NaN as never), 'value'],
  ['set(k, Date)', (t) => t.set('a', new Date() as never), 'value'],
  ['set(k, Map)', (t) => t.set('a', new Map() as never), 'value'],
  ['set(k, bigint)', (t) => t.set('a', 1n as never), 'value'],
  ['set(k, cycle)', (t) => t.set('a', cyclic as never), 'value'],
  ['set(k, sparse array)', (t) => t.set('a', sparse as never), 'value'],
  ['set(k, [undefined])', (t) => t.set('a', [undefined] as never), 'value'],
  ['set ttlMs 0', (t) => t.set('a', 1 as never, { ttlMs: 0 }), 'options.ttlMs'],
  ['set ttlMs -1', (t) => t.set('a', 1 as never, { ttlMs: -1 }), 'options.ttlMs'],
  ['set ttlMs 1.5', (t) => t.set('a', 1 as never, { ttlMs: 1.5 }), 'options.ttlMs'],
  ['set ttlMs NaN', (t) => t.set('a', 1 as never, { ttlMs: Number.NaN }), 'options.ttlMs'],
  ['set ttlMs "10"', (t) => t.set('a', 1 as never, { ttlMs: '10' as never }), 'options.ttlMs'],
  ['set unknown option', (t) => t.set('a', 1 as never, { ttl: 10 } as never), 'options'],
  ['setMany(non-iterable)', (t) => t.setMany(5 as never), 'entries'],
  ['setMany(bad pair)', (t) => t.setMany([['a', 1], ['b']] as never), 'entries[1]'],
  [
    'setMany(bad value)',
    (t) =>
      t.setMany([
        ['a', 1],
        ['b', undefined],
      ] as never),
    'entries[1]',
  ],
  [
    'insertNewMany(bad key)',
    (t) =>
      t.insertNewMany([
        ['a', 1],
        [null, 1],
      ] as never),
    'key',
  ],
  ['compareAndSet(bad next)', (t) => t.compareAndSet('a', 1 as never, undefined as never), 'next'],
  [
    'compareAndSet(bad expected)',
    (t) => t.compareAndSet('a', Number.NaN as never, 1 as never),
    'expected',
  ],
  [
    'compareAndDelete(bad expected)',
    (t) => t.compareAndDelete('a', (() => 1) as never),
    'expected',
  ],
  ['update(non-function)', (t) => t.update('a', 5 as never), 'fn'],
  ['updateCounter(NaN)', (t) => t.updateCounter('a', Number.NaN), 'incr'],
  ['updateCounter(1.5)', (t) => t.updateCounter('a', 1.5), 'incr'],
  ['updateCounter(2^53)', (t) => t.updateCounter('a', 2 ** 53), 'incr'],
  ['updateCounter("1")', (t) => t.updateCounter('a', '1' as never), 'incr'],
  [
    'updateCounter(op without incr)',
    (t) => t.updateCounter('a', { field: 'x' } as never),
    'incr.incr',
  ],
  [
    'updateCounter(threshold alone)',
    (t) => t.updateCounter('a', { incr: 1, threshold: 3 }),
    'incr',
  ],
  [
    'updateCounter(field not string)',
    (t) => t.updateCounter('a', { incr: 1, field: 3 } as never),
    'incr.field',
  ],
  [
    'updateCounter(unknown op field)',
    (t) => t.updateCounter('a', { incr: 1, pos: 2 } as never),
    'incr',
  ],
  [
    'updateCounter([ok, bad])',
    (t) => t.updateCounter('a', [{ incr: 1 }, { incr: Number.NaN }]),
    'ops[1].incr',
  ],
  [
    'updateCounter(bad default)',
    (t) => t.updateCounter('a', 1, { default: undefined, ttlMs: -5 }),
    'options.ttlMs',
  ],
  [
    'updateCounter(default fn)',
    (t) => t.updateCounter('a', 1, { default: (() => 0) as never }),
    'options.default',
  ],
  ['updateFields(array)', (t) => t.updateFields('a', [1] as never), 'fields'],
  ['updateFields(bad field)', (t) => t.updateFields('a', { x: Number.NaN } as never), 'fields'],
  ['entries(batchSize 0)', (t) => t.entries({ batchSize: 0 }).next(), 'options.batchSize'],
];

export function badInput(b: Backend): void {
  test('each bad call is refused naming its argument, with the table unchanged', async () => {
    const { t } = await fresh<never>(b);
    await t.setMany([
      ['a', 1 as never],
      ['b', { x: 1 } as never],
    ]);
    const before = await dump(t);
    for (const [label, call, argument] of CALLS) {
      await assert.rejects(
        call(t),
        (e: InvalidArgumentError | OutOfRangeError) => {
          assert.ok(
            e instanceof InvalidArgumentError || e instanceof OutOfRangeError,
            `${label}: ${e}`,
          );
          assert.equal(e.argument, argument, `${label}: ${e.message}`);
          return true;
        },
        label,
      );
    }
    assert.deepEqual(await dump(t), before);
  });

  test('argument errors are also TypeError / RangeError', async () => {
    const { t } = await fresh<number>(b);
    await assert.rejects(t.get(undefined as never), TypeError);
    await assert.rejects(t.get(Number.NaN), RangeError);
  });
}
