import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Table } from '../../../src/table/Table.js';
import { type Backend, fresh } from '../harness.js';

export function isolation(b: Backend): void {
  test('tables with different names on one store share nothing', async () => {
    const { t, other } = await fresh<number>(b);
    const u = other();
    await t.set('k', 1);
    await u.set('k', 2);
    assert.equal(await t.get('k'), 1);
    assert.equal(await u.get('k'), 2);
    assert.equal(await u.clear(), 1);
    assert.equal(await t.get('k'), 1);
    assert.equal(await t.selectDelete({ and: [] }), 1);
    assert.equal(await u.size(), 0);
  });

  test('tables with the same name on one store are one table', async () => {
    const { t, h } = await fresh<number>(b);
    const twin = new Table<number>(t.name, { store: h.store });
    await t.updateCounter('k', 1, { default: 0 });
    await twin.updateCounter('k', 1, { default: 0 });
    assert.equal(await t.get('k'), 2);
  });

  test('table names with separator characters do not alias each other', async () => {
    const { h } = await fresh<number>(b);
    const a = new Table<number>('a:b', { store: h.store });
    const c = new Table<number>('a', { store: h.store });
    await a.set('c', 1);
    await c.set(['b', 'c'], 2);
    await c.set('b:c', 3);
    assert.equal(await a.size(), 1);
    assert.equal(await c.size(), 2);
  });
}
