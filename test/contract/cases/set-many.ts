import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CapacityExceededError } from '../../../src/errors.js';
import { type Backend, dump, fresh } from '../harness.js';

export function setMany(b: Backend): void {
  test('writes every entry; later duplicates win', async () => {
    const { t } = await fresh<number>(b);
    await t.set('a', 0);
    await t.setMany([
      ['a', 1],
      ['b', 2],
      ['b', 3],
    ]);
    assert.deepEqual(await dump(t), [
      ['a', 1],
      ['b', 3],
    ]);
  });

  test('an empty list writes nothing', async () => {
    const { t } = await fresh<number>(b);
    await t.setMany([]);
    assert.equal(await t.size(), 0);
  });

  test('all or nothing: when the new keys do not fit, nothing is written', async () => {
    const { t } = await fresh<number>(b, { maxEntries: 3 });
    await t.setMany([
      ['a', 1],
      ['b', 1],
    ]);
    await assert.rejects(
      t.setMany([
        ['a', 9],
        ['c', 9],
        ['d', 9],
      ]),
      CapacityExceededError,
    );
    assert.deepEqual(await dump(t), [
      ['a', 1],
      ['b', 1],
    ]);
    // Overwrites do not count against the bound.
    await t.setMany([
      ['a', 2],
      ['b', 2],
      ['c', 2],
    ]);
    assert.equal(await t.size(), 3);
  });
}
