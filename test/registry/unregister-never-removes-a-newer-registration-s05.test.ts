// S05 residual: unregister is compare-and-delete on the caller's own row (its token), so a late
// unregister never removes a newer registration of the same name. Scale: 100 generations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from '../../src/registry/Registry.js';
import { NaiveCheckThenActRegistry } from '../naive/naiveRegistry.js';

test('100 generations: each stale unregister returns false and the newest registration survives', async () => {
  const registry = new Registry<number>('gen');
  let previous: string | undefined;
  for (let g = 0; g < 100; g++) {
    if (previous !== undefined) {
      const current = await registry.info('svc');
      assert.ok(await registry.unregister('svc', current!.token));
    }
    const { token } = await registry.register('svc', () => g);
    if (previous !== undefined) assert.equal(await registry.unregister('svc', previous), false);
    assert.equal(await registry.lookup('svc'), g);
    previous = token;
  }
  assert.equal(await registry.size(), 1);
});

test('the naive unregister-by-name removes the newer registration at the same scale (the test can see the bug)', async () => {
  const naive = new NaiveCheckThenActRegistry<number>();
  let removedNewer = 0;
  for (let g = 0; g < 100; g++) {
    naive.names.delete('svc');
    await naive.register('svc', async () => g);
    // The previous generation's late cleanup, by name:
    if (g > 0 && naive.unregister('svc')) removedNewer++;
  }
  assert.equal(removedNewer, 99);
});
