import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { CapacityExceededError } from '../../../src/errors.js';
import { type Backend, fresh } from '../harness.js';

export function capacity(b: Backend): void {
  test('creating an entry beyond maxEntries is CapacityExceededError; nothing written', async () => {
    const { t } = await fresh<number>(b, { maxEntries: 2 });
    await t.set('a', 1);
    await t.set('b', 2);
    await assert.rejects(t.set('c', 3), (e: CapacityExceededError) => {
      return (
        e instanceof CapacityExceededError && e.code === 'ERR_CAPACITY_EXCEEDED' && e.limit === 2
      );
    });
    await assert.rejects(t.insertNew('c', 3), CapacityExceededError);
    await assert.rejects(t.compareAndSet('c', undefined, 3), CapacityExceededError);
    await assert.rejects(t.updateCounter('c', 1, { default: 0 }), CapacityExceededError);
    await assert.rejects(
      t.updateFields('c', { x: 1 } as never, { default: {} as never }),
      CapacityExceededError,
    );
    await assert.rejects(
      t.update('c', () => 3),
      CapacityExceededError,
    );
    assert.equal(await t.size(), 2);
    assert.equal(await t.has('c'), false);
  });

  test('overwriting and updating existing entries at capacity is fine', async () => {
    const { t } = await fresh<number>(b, { maxEntries: 1 });
    await t.set('a', 1);
    await t.set('a', 2);
    assert.equal(await t.updateCounter('a', 1), 3);
    assert.equal(await t.compareAndSet('a', 3, 4), true);
    assert.equal(await t.get('a'), 4);
  });

  test('a freed slot can be reused', async () => {
    const { t } = await fresh<number>(b, { maxEntries: 1 });
    await t.set('a', 1);
    await t.delete('a');
    await t.set('b', 1);
    await t.take('b');
    assert.equal(await t.insertNew('c', 1), true);
  });

  test('expired entries do not count against the bound', { skip: b.name === 'redis' }, async () => {
    const { t, h } = await fresh<number>(b, { maxEntries: 2 });
    await t.set('a', 1, { ttlMs: 10 });
    await t.set('b', 1, { ttlMs: 10 });
    h.clock!.advance(10);
    await t.set('c', 1);
    await t.set('d', 1);
    assert.equal(await t.size(), 2);
  });

  test('reaching the bound publishes a capacity-exceeded event', async () => {
    const { t } = await fresh<number>(b, { maxEntries: 1 });
    const events: unknown[] = [];
    const listener = (m: unknown) => events.push(m);
    diagnostics_channel.subscribe('raceless:table', listener);
    try {
      await t.set('a', 1);
      await assert.rejects(t.set('b', 1), CapacityExceededError);
    } finally {
      diagnostics_channel.unsubscribe('raceless:table', listener);
    }
    assert.deepEqual(events, [{ table: t.name, event: 'capacity-exceeded', limit: 1 }]);
  });

  test('of 1,000 concurrent inserts of distinct keys with maxEntries 100, exactly 100 land', async () => {
    const { t } = await fresh<number>(b, { maxEntries: 100 });
    const results = await Promise.allSettled(
      Array.from({ length: 1_000 }, (_, i) => t.insertNew(i, i)),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 100);
    assert.ok(
      results.every((r) => r.status === 'fulfilled' || r.reason instanceof CapacityExceededError),
    );
    assert.equal(await t.size(), 100);
  });
}
