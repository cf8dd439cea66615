import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../../../src/errors.js';
import { type Backend, dump, fresh } from '../harness.js';

export function insertNew(b: Backend): void {
  test('insertNew inserts only when absent', async () => {
    const { t } = await fresh<string>(b);
    assert.equal(await t.insertNew('k', 'first'), true);
    assert.equal(await t.insertNew('k', 'second'), false);
    assert.equal(await t.get('k'), 'first');
  });

  test('of 100 concurrent insertNew on one key exactly one wins', async () => {
    const { t } = await fresh<number>(b);
    const wins = await Promise.all(Array.from({ length: 100 }, (_, i) => t.insertNew('k', i)));
    assert.equal(wins.filter(Boolean).length, 1);
    assert.equal(await t.get('k'), wins.indexOf(true));
  });

  test('insertNewMany is all or nothing', async () => {
    const { t } = await fresh<number>(b);
    await t.set('b', 0);
    assert.equal(
      await t.insertNewMany([
        ['a', 1],
        ['b', 1],
        ['c', 1],
      ]),
      false,
    );
    assert.deepEqual(await dump(t), [['b', 0]]);
    assert.equal(
      await t.insertNewMany([
        ['a', 1],
        ['c', 1],
      ]),
      true,
    );
    assert.deepEqual(await dump(t), [
      ['a', 1],
      ['b', 0],
      ['c', 1],
    ]);
  });

  test('insertNewMany refuses a key listed twice', async () => {
    const { t } = await fresh<number>(b);
    await assert.rejects(
      t.insertNewMany([
        ['a', 1],
        ['a', 2],
      ]),
      (e: InvalidArgumentError) => e instanceof InvalidArgumentError && e.argument === 'entries',
    );
    assert.equal(await t.size(), 0);
  });
}
