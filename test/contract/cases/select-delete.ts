import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../../../src/errors.js';
import type { Key } from '../../../src/keys.js';
import type { Spec } from '../../../src/store/contract.js';
import { type Backend, dump, fresh } from '../harness.js';

type Row = { state?: string; at?: number; tag?: string | null } | number | string;

const ROWS: Array<[Key, Row]> = [
  [['u1', 's1'], { state: 'dead', at: 10 }],
  [['u1', 's2'], { state: 'live', at: 20 }],
  [['u2', 's1'], { state: 'dead', at: 30, tag: null }],
  [['u2', 's2'], { at: 40, tag: 'x' }],
  ['scalar', 7],
  ['text', 'b'],
  [99n, 1],
];

async function count(b: Backend, spec: Spec): Promise<{ n: number; left: Key[] }> {
  const { t } = await fresh<Row>(b);
  await t.setMany(ROWS);
  const n = await t.selectDelete(spec);
  const left = (await dump(t)).map(([k]) => k as Key);
  assert.equal(left.length, ROWS.length - n);
  return { n, left };
}

export function selectDelete(b: Backend): void {
  const cases: Array<[string, Spec, number]> = [
    ['field eq', { field: 'state', eq: 'dead' }, 2],
    ['field ne (missing field does not match ne)', { field: 'state', ne: 'dead' }, 1],
    ['field lt', { field: 'at', lt: 30 }, 2],
    ['field lte', { field: 'at', lte: 30 }, 3],
    ['field gt', { field: 'at', gt: 30 }, 1],
    ['field gte', { field: 'at', gte: 30 }, 2],
    ['field exists', { field: 'tag', exists: true }, 2],
    ['field exists false (scalars have no fields)', { field: 'tag', exists: false }, 5],
    ['eq null is data, not "missing"', { field: 'tag', eq: null }, 1],
    ['value lt (numbers only)', { value: true, lt: 8 }, 2],
    ['value gte string compares strings only', { value: true, gte: 'a' }, 1],
    ['keyAt', { keyAt: 0, eq: 'u1' }, 2],
    ['keyAt beyond the tuple is missing', { keyAt: 2, exists: true }, 0],
    ['key eq a tuple', { key: true, eq: ['u2', 's2'] }, 1],
    ['key eq a scalar', { key: true, eq: 'scalar' }, 1],
    ['a bigint key is seen only by exists', { key: true, exists: true }, 7],
    [
      'and',
      {
        and: [
          { keyAt: 0, eq: 'u2' },
          { field: 'at', gt: 35 },
        ],
      },
      1,
    ],
    [
      'or',
      {
        or: [
          { key: true, eq: 'text' },
          { field: 'state', eq: 'live' },
        ],
      },
      2,
    ],
    ['not', { not: { field: 'state', exists: true } }, 4],
    ['empty and matches everything', { and: [] }, 7],
    ['empty or matches nothing', { or: [] }, 0],
    ['type mismatch never matches', { field: 'at', lt: 'zzz' }, 0],
    ['deep eq on objects', { value: true, eq: { at: 40, tag: 'x' } }, 1],
  ];
  for (const [name, spec, expected] of cases) {
    test(`${name}: deletes exactly ${expected}`, async () => {
      const { n } = await count(b, spec);
      assert.equal(n, expected);
    });
  }

  test('string comparison is by code point (UTF-8 byte order), not UTF-16 unit', async () => {
    const { t } = await fresh<string>(b);
    await t.set('astral', '😀'); // U+1F600, above every BMP character
    await t.set('bmp', '\uFFFF');
    assert.equal(await t.selectDelete({ value: true, gt: '\uFFFF' }), 1);
    assert.equal(await t.has('astral'), false);
  });

  test('the spec is copied: changing it afterwards changes nothing', async () => {
    const { t } = await fresh<number>(b);
    await t.set('a', 1);
    const spec = { value: true as const, eq: 1 as number };
    const p = t.selectDelete(spec);
    spec.eq = 2;
    assert.equal(await p, 1);
  });

  test('a malformed spec is refused naming `spec`, nothing deleted', async () => {
    const { t } = await fresh<number>(b);
    await t.set('a', 1);
    const bad: unknown[] = [
      null,
      {},
      { field: 'x' },
      { eq: 1 },
      { field: 'x', eq: 1, lt: 2 },
      { field: 1, eq: 1 },
      { keyAt: -1, eq: 1 },
      { value: false, eq: 1 },
      { field: 'x', lt: {} },
      { field: 'x', eq: () => 1 },
      { and: 'x' },
      { not: {} },
      { field: 'x', exists: 'yes' },
    ];
    for (const spec of bad) {
      await assert.rejects(
        t.selectDelete(spec as Spec),
        (e: InvalidArgumentError) => e instanceof InvalidArgumentError && e.argument === 'spec',
        JSON.stringify(spec),
      );
    }
    assert.equal(await t.size(), 1);
  });
}
