import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Backend, fresh } from '../harness.js';

export function takeDelete(b: Backend): void {
  test('take returns the value and removes it', async () => {
    const { t } = await fresh<{ job: number }>(b);
    await t.set('k', { job: 7 });
    assert.deepEqual(await t.take('k'), { job: 7 });
    assert.equal(await t.has('k'), false);
    assert.equal(await t.take('k'), undefined);
  });

  test('of 100 concurrent takers exactly one gets the value', async () => {
    const { t } = await fresh<number>(b);
    await t.set('k', 42);
    const got = await Promise.all(Array.from({ length: 100 }, () => t.take('k')));
    assert.deepEqual(
      got.filter((v) => v !== undefined),
      [42],
    );
  });

  test('delete reports whether a live entry was removed', async () => {
    const { t } = await fresh<number>(b);
    await t.set('k', 1);
    assert.equal(await t.delete('k'), true);
    assert.equal(await t.delete('k'), false);
    assert.equal(await t.size(), 0);
  });
}
