import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Backend, fresh } from '../harness.js';

export function compareAndDelete(b: Backend): void {
  test('deletes only when the value still equals what was seen', async () => {
    const { t } = await fresh<{ owner: string; gen: number }>(b);
    await t.set('name', { owner: 'a', gen: 1 });
    assert.equal(await t.compareAndDelete('name', { owner: 'a', gen: 0 }), false);
    assert.equal(await t.has('name'), true);
    assert.equal(await t.compareAndDelete('name', { gen: 1, owner: 'a' }), true);
    assert.equal(await t.has('name'), false);
    assert.equal(await t.compareAndDelete('name', { owner: 'a', gen: 1 }), false);
  });

  test('an unregister never removes a newer registration under the same name', async () => {
    const { t } = await fresh<{ owner: string }>(b);
    await t.set('svc', { owner: 'old' });
    const seen = (await t.get('svc'))!;
    await t.set('svc', { owner: 'new' }); // re-registered in between
    assert.equal(await t.compareAndDelete('svc', seen), false);
    assert.deepEqual(await t.get('svc'), { owner: 'new' });
  });
}
