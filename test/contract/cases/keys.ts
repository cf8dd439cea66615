import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from '../../../src/keys.js';
import { type Backend, dump, fresh } from '../harness.js';

// S18: the seed's cache let a key like ':_' match every row. Keys are data, never patterns.
const SPECIAL: Key[] = [
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  ':',
  '_',
  ':_',
  '$1',
  '%',
  '%25',
  '',
  ' ',
  '\\',
  '.',
  '~',
  '(',
  ')',
];

export function keys(b: Backend): void {
  test('keys with glob, hash-tag and match-spec characters are distinct plain data', async () => {
    const { t } = await fresh<number>(b);
    for (const [i, k] of SPECIAL.entries()) await t.set(k, i);
    assert.equal(await t.size(), SPECIAL.length);
    for (const [i, k] of SPECIAL.entries())
      assert.equal(await t.get(k), i, `key ${JSON.stringify(k)}`);
    assert.equal(await t.delete(':_'), true);
    assert.equal(await t.size(), SPECIAL.length - 1);
    assert.equal(await t.get('_'), SPECIAL.indexOf('_'));
  });

  test('1, "1", 1n and true are four keys; tuples never collide by concatenation', async () => {
    const { t } = await fresh<string>(b);
    const distinct: Key[] = [
      1,
      '1',
      1n,
      true,
      'true',
      ['a', 'bc'],
      ['ab', 'c'],
      ['a', ['b']],
      [['a'], 'b'],
      [],
      [''],
      '',
    ];
    for (const k of distinct)
      await t.set(
        k,
        JSON.stringify(k, (_x, v) => (typeof v === 'bigint' ? `${v}n` : v)),
      );
    assert.equal(await t.size(), distinct.length);
    assert.equal(await t.get(['a', 'bc']), '["a","bc"]');
    assert.equal(await t.get(1n), '"1n"');
  });

  test('-0 and 0 are the same key', async () => {
    const { t } = await fresh<number>(b);
    await t.set(-0, 1);
    assert.equal(await t.get(0), 1);
    assert.equal(await t.size(), 1);
  });

  test('entries() gives back keys equal to the ones written', async () => {
    const { t } = await fresh<number>(b);
    const written: Key[] = [['user', 7, true], 12n, 'plain', [':_', '*']];
    for (const [i, k] of written.entries()) await t.set(k, i);
    const got = await dump(t);
    assert.equal(got.length, written.length);
    for (const [k, i] of got) assert.deepEqual(k, written[i]);
  });
}
