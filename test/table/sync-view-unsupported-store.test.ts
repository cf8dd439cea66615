// `table.sync` exists only on stores that registered synchronous steps. Elsewhere (a wrapped or
// subclassed store here, redis in production) `hasSync` is false and `sync` throws
// UnsupportedError (code ERR_UNSUPPORTED), reading and writing nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnsupportedError } from '../../src/errors.js';
import type { Store } from '../../src/store/contract.js';
import { MemoryStore } from '../../src/store/memory.js';
import { Table } from '../../src/table/Table.js';

test('a plain memory store has the synchronous view', () => {
  const t = new Table<number>('t');
  assert.equal(t.hasSync, true);
  assert.equal(t.sync, t.sync, 'one view per table');
});

test('a store without synchronous steps: hasSync is false, sync throws UnsupportedError', async () => {
  const inner = new MemoryStore();
  // A wrapper forwarding every call (e.g. for tracing): the registry does not know it.
  const wrapped = new Proxy(inner, {
    get(target, property) {
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Store;
  class Subclass extends MemoryStore {}
  for (const store of [wrapped, new Subclass()]) {
    const t = new Table<number>('t', { store });
    await t.set('a', 1);
    assert.equal(t.hasSync, false);
    assert.throws(
      () => t.sync,
      (e) =>
        e instanceof UnsupportedError &&
        e.code === 'ERR_UNSUPPORTED' &&
        /table\.sync/.test(e.message) &&
        /'memory' store/.test(e.message),
    );
    // The async API is unaffected.
    assert.equal(await t.updateCounter('a', 1), 2);
    assert.equal(await t.size(), 1);
  }
});
