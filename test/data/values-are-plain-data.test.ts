import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cloneData, compareCodePoints, dataEquals } from '../../src/data.js';

test('cloneData returns an equal, independent copy of any JSON value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const c = cloneData(v, 'value');
      assert.ok(dataEquals(c, JSON.parse(JSON.stringify(v))));
      if (typeof v === 'object' && v !== null) assert.notEqual(c, v);
    }),
    { numRuns: 1_000 },
  );
});

test('dataEquals ignores field order and nothing else', () => {
  assert.ok(dataEquals({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }));
  assert.ok(!dataEquals({ a: 1 }, { a: 1, b: null }));
  assert.ok(!dataEquals([1, 2], [2, 1]));
  assert.ok(!dataEquals({ 0: 1 }, [1]));
  assert.ok(!dataEquals(null, {}));
  assert.ok(!dataEquals('1', 1));
});

test('compareCodePoints orders strings as their UTF-8 bytes do', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
      const bytes = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
      assert.equal(Math.sign(compareCodePoints(a, b)), bytes);
    }),
    { numRuns: 2_000 },
  );
});
