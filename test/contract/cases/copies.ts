import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Backend, fresh } from '../harness.js';

export function copies(b: Backend): void {
  test('mutating an object after set does not change the table', async () => {
    const { t } = await fresh(b);
    const v = { list: [1, 2], inner: { n: 1 } };
    await t.set('k', v);
    v.list.push(3);
    v.inner.n = 99;
    assert.deepEqual(await t.get('k'), { list: [1, 2], inner: { n: 1 } });
  });

  test('mutating a value returned by get does not change the table', async () => {
    const { t } = await fresh(b);
    await t.set('k', { list: [1] });
    const got = (await t.get('k')) as { list: number[] };
    got.list.push(2);
    assert.deepEqual(await t.get('k'), { list: [1] });
  });

  test('values yielded by entries() and returned by update() are copies', async () => {
    const { t } = await fresh(b);
    await t.set('k', { n: [1] });
    for await (const [, v] of t.entries()) (v as { n: number[] }).n.push(2);
    const u = (await t.update('k', (c) => c)) as { n: number[] };
    u.n.push(3);
    assert.deepEqual(await t.get('k'), { n: [1] });
  });

  test('-0 is stored as 0 and undefined fields are omitted', async () => {
    const { t } = await fresh(b);
    await t.set('k', { z: -0, gone: undefined } as never);
    const got = (await t.get('k')) as Record<string, unknown>;
    assert.ok(Object.is(got.z, 0));
    assert.equal('gone' in got, false);
  });
}
