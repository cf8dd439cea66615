import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, OutOfRangeError } from '../../src/errors.js';
import { decodeKey, encodeKey, type Key } from '../../src/keys.js';

test('non-key types are InvalidArgumentError naming `key`', () => {
  const nested: unknown[] = [];
  nested.push(nested);
  // biome-ignore lint/suspicious/noSparseArray: a hole is the bad input under test
  const holey = [1, , 2];
  for (const bad of [
    undefined,
    null,
    {},
    Symbol('s'),
    () => 1,
    new Date(),
    [undefined],
    [null],
    holey,
    nested,
  ]) {
    assert.throws(
      () => encodeKey(bad as Key),
      (e: InvalidArgumentError) => e instanceof InvalidArgumentError && e.argument === 'key',
    );
  }
});

test('NaN and infinities are OutOfRangeError naming `key`', () => {
  for (const bad of [
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    [1, Number.NaN],
  ]) {
    assert.throws(
      () => encodeKey(bad as Key),
      (e: OutOfRangeError) => e instanceof OutOfRangeError && e.argument === 'key',
    );
  }
});

test('decodeKey refuses anything that is not a canonical encoding', () => {
  for (const bad of [
    '',
    'x',
    'n',
    'n1.0',
    'n01',
    'i',
    'i1.5',
    's%zz',
    's%41',
    's*',
    '(',
    '(sa',
    '(sa~)',
    'Tx',
    's%C3',
  ]) {
    assert.throws(() => decodeKey(bad), InvalidArgumentError, JSON.stringify(bad));
  }
});
