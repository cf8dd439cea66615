// Encoded keys contain no glob characters, hash-tag braces, spaces or ':' — only A-Z a-z 0-9 - _ % . + ( ) ~.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { encodeKey } from '../../src/keys.js';

const SAFE = /^[A-Za-z0-9\-_%.+()~]*$/;

test('every encoding uses only the safe alphabet', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ unit: 'binary' }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.bigInt(),
      ),
      (k) => {
        assert.match(encodeKey(k), SAFE);
        assert.match(encodeKey([k, [k]]), SAFE);
      },
    ),
    { numRuns: 2_000 },
  );
});

test('the S18 characters are escaped', () => {
  assert.equal(encodeKey('*?[]{}:_$1%'), 's%2A%3F%5B%5D%7B%7D%3A_%241%25');
  assert.equal(encodeKey(['user', 42, true, 7n, -0]), '(suser~n42~T~i7~n0)');
});
