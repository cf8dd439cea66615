// Property tests: decode(encode(k)) == k, and encode(a) === encode(b) exactly when a and b are
// the same key. 2,000 random keys per property, including nested tuples and astral/lone-surrogate strings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeKey, encodeKey, type Key } from '../../src/keys.js';

const scalar = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.bigInt(),
  fc.boolean(),
);
const key: fc.Arbitrary<Key> = fc.letrec<{ key: Key }>((tie) => ({
  key: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('key'), { maxLength: 4 }),
  ),
})).key;

/** -0 and 0 are one key. */
function normal(k: Key): unknown {
  if (Array.isArray(k)) return k.map(normal);
  if (typeof k === 'number' && Object.is(k, -0)) return 0;
  return k;
}

test('decodeKey(encodeKey(k)) equals k', () => {
  fc.assert(
    fc.property(key, (k) => {
      assert.deepStrictEqual(decodeKey(encodeKey(k)), normal(k));
    }),
    { numRuns: 2_000 },
  );
});

test('two keys encode alike exactly when they are the same key', () => {
  fc.assert(
    fc.property(key, key, (a, b) => {
      let same = true;
      try {
        assert.deepStrictEqual(normal(a), normal(b));
      } catch {
        same = false;
      }
      assert.equal(encodeKey(a) === encodeKey(b), same);
    }),
    { numRuns: 2_000 },
  );
});

test('the classic ambiguities stay apart', () => {
  const pairs: Array<[Key, Key]> = [
    [
      ['a', 'bc'],
      ['ab', 'c'],
    ],
    [1, '1'],
    [1, 1n],
    ['1', 1n],
    [true, 'true'],
    [[], ''],
    [[''], ''],
    [[[]], []],
    [['a~b'], ['a', 'b']],
    ['s', ''],
  ];
  for (const [a, b] of pairs)
    assert.notEqual(encodeKey(a), encodeKey(b), `${String(a)} vs ${String(b)}`);
});
