import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WrongTypeError } from '../../../src/errors.js';
import { type Backend, fresh } from '../harness.js';

type Job = { state: string; at?: number; by?: string };

export function updateFields(b: Backend): void {
  test('sets the named fields and keeps the others', async () => {
    const { t } = await fresh<Job>(b);
    await t.set('j', { state: 'pending', by: 'me' });
    assert.equal(await t.updateFields('j', { state: 'done', at: 5 }), true);
    assert.deepEqual(await t.get('j'), { state: 'done', at: 5, by: 'me' });
  });

  test('a missing key returns false without a default, and is created from one', async () => {
    const { t } = await fresh<Job>(b);
    assert.equal(await t.updateFields('j', { state: 'x' }), false);
    assert.equal(await t.has('j'), false);
    assert.equal(await t.updateFields('j', { at: 1 }, { default: { state: 'new' } }), true);
    assert.deepEqual(await t.get('j'), { state: 'new', at: 1 });
  });

  test('a value that is not an object is WrongTypeError; nothing written', async () => {
    const { t } = await fresh<Job | number>(b);
    await t.set('n', 1);
    await assert.rejects(t.updateFields('n', { state: 'x' }), WrongTypeError);
    await assert.rejects(t.updateFields('m', { state: 'x' }, { default: 3 }), WrongTypeError);
    assert.equal(await t.get('n'), 1);
    assert.equal(await t.has('m'), false);
  });

  test('concurrent writers of different fields never lose each other', async () => {
    const { t } = await fresh<Record<string, number>>(b);
    await t.set('r', {});
    await Promise.all(Array.from({ length: 50 }, (_, i) => t.updateFields('r', { [`f${i}`]: i })));
    const row = (await t.get('r'))!;
    assert.equal(Object.keys(row).length, 50);
  });
}
