import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Data } from '../../../src/data.js';
import { type Backend, fresh } from '../harness.js';

export function getSet(b: Backend): void {
  test('get of a missing key is undefined; has is false', async () => {
    const { t } = await fresh(b);
    assert.equal(await t.get('nope'), undefined);
    assert.equal(await t.has('nope'), false);
  });

  test('set then get returns the value; set replaces it', async () => {
    const { t } = await fresh(b);
    await t.set('k', 1);
    assert.equal(await t.get('k'), 1);
    assert.equal(await t.has('k'), true);
    await t.set('k', 'two');
    assert.equal(await t.get('k'), 'two');
    assert.equal(await t.size(), 1);
  });

  test('every kind of data round-trips exactly', async () => {
    const { t } = await fresh(b);
    const values: Data[] = [
      null,
      true,
      false,
      0,
      -1.5,
      Number.MAX_SAFE_INTEGER,
      1e300,
      '',
      'ünïcødé 😀 \u0000 "quotes"',
      [],
      [1, [2, [3]], { a: null }],
      {},
      { nested: { deep: [1, 'x', false] }, 'weird key *?[]{}:': 1, __proto__x: 2 },
    ];
    for (const [i, v] of values.entries()) await t.set(i, v);
    for (const [i, v] of values.entries()) assert.deepEqual(await t.get(i), v, `value ${i}`);
  });

  test('a field named __proto__ is stored as data, not as a prototype', async () => {
    const { t } = await fresh(b);
    const v = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    await t.set('k', v);
    const got = (await t.get('k')) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(got), Object.prototype);
    assert.deepEqual(Object.keys(got).sort(), ['__proto__', 'a']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
}
