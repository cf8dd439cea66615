import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { CapacityExceededError, InvalidArgumentError } from '../../../src/errors.js';
import { Table } from '../../../src/table/Table.js';
import { type Backend, dump, fresh } from '../harness.js';

export function eviction(b: Backend): void {
  test("evict 'lru': a new key evicts the least recently used instead of throwing", async () => {
    const { t } = await fresh<number>(b, { maxEntries: 3, evict: 'lru' });
    await t.set('a', 1);
    await t.set('b', 2);
    await t.set('c', 3);
    await t.get('a'); // a is now the most recently used; b the least
    await t.set('d', 4);
    assert.deepEqual(await dump(t), [
      ['a', 1],
      ['c', 3],
      ['d', 4],
    ]);
    await t.updateCounter('c', 1); // writes count as use
    await t.insertNew('e', 5);
    assert.deepEqual(
      (await dump(t)).map(([k]) => k),
      ['c', 'd', 'e'],
    );
  });

  test('every create-capable operation evicts, and the size never passes the bound', async () => {
    const { t } = await fresh<number | { n: number }>(b, { maxEntries: 2, evict: 'lru' });
    await t.set('a', 1);
    await t.set('b', 1);
    await t.compareAndSet('c', undefined, 1);
    await t.updateCounter('d', 1, { default: 0 });
    await t.updateFields('e', { n: 1 }, { default: { n: 0 } });
    await t.update('f', () => 1);
    await t.setMany([
      ['g', 1],
      ['h', 1],
    ]);
    assert.equal(await t.size(), 2);
    assert.deepEqual(
      (await dump(t)).map(([k]) => k),
      ['g', 'h'],
    );
  });

  test('a setMany never evicts its own keys; more new keys than the bound still throws', async () => {
    const { t } = await fresh<number>(b, { maxEntries: 2, evict: 'lru' });
    await t.set('a', 1);
    await t.set('b', 1);
    await t.setMany([
      ['a', 2],
      ['c', 2],
    ]);
    assert.deepEqual(await dump(t), [
      ['a', 2],
      ['c', 2],
    ]);
    await assert.rejects(
      t.setMany([
        ['x', 1],
        ['y', 1],
        ['z', 1],
      ]),
      CapacityExceededError,
    );
    assert.equal(await t.size(), 2);
  });

  test('eviction publishes an evicted event with the count', async () => {
    const { t } = await fresh<number>(b, { maxEntries: 1, evict: 'lru' });
    const events: unknown[] = [];
    const listener = (m: unknown) => events.push(m);
    diagnostics_channel.subscribe('raceless:table', listener);
    try {
      await t.set('a', 1);
      await t.set('b', 1);
    } finally {
      diagnostics_channel.unsubscribe('raceless:table', listener);
    }
    assert.deepEqual(events, [{ table: t.name, event: 'evicted', count: 1 }]);
  });

  test('evict needs maxEntries and only knows lru', async () => {
    const { h } = await fresh(b);
    const isEvictError = (e: unknown) =>
      e instanceof InvalidArgumentError && e.argument === 'options.evict';
    assert.throws(() => new Table('x', { store: h.store, evict: 'lru' }), isEvictError);
    assert.throws(
      () => new Table('x', { store: h.store, maxEntries: 1, evict: 'fifo' as never }),
      isEvictError,
    );
  });

  test('of 1,000 concurrent inserts into an LRU table bounded at 100, the last 100 remain', async () => {
    const { t } = await fresh<number>(b, { maxEntries: 100, evict: 'lru' });
    await Promise.all(Array.from({ length: 1_000 }, (_, i) => t.set(i, i)));
    assert.equal(await t.size(), 100);
    const keys = (await dump(t)).map(([k]) => k as number).sort((x, y) => x - y);
    assert.deepEqual(
      keys,
      Array.from({ length: 100 }, (_, i) => 900 + i),
    );
  });
}
