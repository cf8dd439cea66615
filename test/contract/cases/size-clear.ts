import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Backend, fresh } from '../harness.js';

export function sizeClear(b: Backend): void {
  test('size counts live entries', async () => {
    const { t } = await fresh<number>(b);
    assert.equal(await t.size(), 0);
    await t.setMany([
      ['a', 1],
      ['b', 2],
    ]);
    assert.equal(await t.size(), 2);
    await t.delete('a');
    assert.equal(await t.size(), 1);
  });

  test('clear removes everything at once and returns how many', async () => {
    const { t } = await fresh<number>(b);
    await t.setMany(Array.from({ length: 25 }, (_, i) => [i, i] as [number, number]));
    assert.equal(await t.clear(), 25);
    assert.equal(await t.size(), 0);
    assert.equal(await t.get(3), undefined);
    assert.equal(await t.clear(), 0);
  });

  test('writes racing a clear are either fully before or fully after it', async () => {
    const { t } = await fresh<number>(b);
    const ops = Array.from({ length: 100 }, (_, i) => (i === 50 ? t.clear() : t.set(i, i)));
    await Promise.all(ops);
    const n = await t.size();
    assert.ok(n >= 0 && n <= 99);
    for await (const [k] of t.entries()) assert.notEqual(k, 50);
  });
}
