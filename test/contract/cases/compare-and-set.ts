import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Backend, fresh } from '../harness.js';

export function compareAndSet(b: Backend): void {
  test('writes only when the current value equals expected (structurally)', async () => {
    const { t } = await fresh<{ a: number; b: number } | number>(b);
    await t.set('k', { a: 1, b: 2 });
    assert.equal(await t.compareAndSet('k', { a: 1, b: 3 }, 0), false);
    assert.deepEqual(await t.get('k'), { a: 1, b: 2 });
    assert.equal(await t.compareAndSet('k', { b: 2, a: 1 }, 5), true);
    assert.equal(await t.get('k'), 5);
  });

  test('expected undefined means "only if absent"', async () => {
    const { t } = await fresh<number>(b);
    assert.equal(await t.compareAndSet('k', undefined, 1), true);
    assert.equal(await t.compareAndSet('k', undefined, 2), false);
    assert.equal(await t.get('k'), 1);
  });

  test('a missing key never matches a defined expected value', async () => {
    const { t } = await fresh<number | null>(b);
    assert.equal(await t.compareAndSet('k', null, 1), false);
    assert.equal(await t.has('k'), false);
  });

  test('of 100 concurrent CAS from the same snapshot exactly one wins', async () => {
    const { t } = await fresh<number>(b);
    await t.set('k', 0);
    const wins = await Promise.all(
      Array.from({ length: 100 }, (_, i) => t.compareAndSet('k', 0, i + 1)),
    );
    assert.equal(wins.filter(Boolean).length, 1);
    assert.equal(await t.get('k'), wins.indexOf(true) + 1);
  });

  test('a CAS loop of 50 actors × 20 increments loses nothing', async () => {
    const { t } = await fresh<number>(b);
    await t.set('k', 0);
    const actor = async () => {
      for (let i = 0; i < 20; i++) {
        for (;;) {
          const cur = (await t.get('k'))!;
          if (await t.compareAndSet('k', cur, cur + 1)) break;
        }
      }
    };
    await Promise.all(Array.from({ length: 50 }, actor));
    assert.equal(await t.get('k'), 1000);
  });
}
