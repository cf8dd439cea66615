import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../../../src/errors.js';
import { type Backend, fresh } from '../harness.js';

export function update(b: Backend): void {
  test('replaces the value with fn(current) and returns it', async () => {
    const { t } = await fresh<{ items: string[] }>(b);
    const r1 = await t.update('cart', (c) => ({ items: [...(c?.items ?? []), 'a'] }));
    const r2 = await t.update('cart', (c) => ({ items: [...(c?.items ?? []), 'b'] }));
    assert.deepEqual(r1, { items: ['a'] });
    assert.deepEqual(r2, { items: ['a', 'b'] });
    assert.deepEqual(await t.get('cart'), { items: ['a', 'b'] });
  });

  test('returning undefined deletes the entry', async () => {
    const { t } = await fresh<number>(b);
    await t.set('k', 1);
    assert.equal(await t.update('k', () => undefined), undefined);
    assert.equal(await t.has('k'), false);
    assert.equal(await t.update('missing', () => undefined), undefined);
    assert.equal(await t.size(), 0);
  });

  test('100 concurrent updates lose nothing', async () => {
    const { t } = await fresh<{ n: number }>(b);
    await Promise.all(
      Array.from({ length: 100 }, () => t.update('k', (c) => ({ n: (c?.n ?? 0) + 1 }))),
    );
    assert.deepEqual(await t.get('k'), { n: 100 });
  });

  test('when fn throws, nothing is written and the error reaches the caller', async () => {
    const { t } = await fresh<number>(b);
    await t.set('k', 1);
    await assert.rejects(
      t.update('k', () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await t.get('k'), 1);
  });

  test('fn returning a promise or non-data is refused, nothing written', async () => {
    const { t } = await fresh<number>(b);
    await t.set('k', 1);
    const isFnError = (e: unknown) => e instanceof InvalidArgumentError && e.argument === 'fn';
    await assert.rejects(t.update('k', (async () => 2) as never), isFnError);
    await assert.rejects(t.update('k', (() => new Date()) as never), isFnError);
    assert.equal(await t.get('k'), 1);
  });
}
