// A plain MemoryStore registers its synchronous steps (the same steps its async methods run,
// inline-capable, with a bound form); a subclass does not (it may override the methods).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotFoundError } from '../../src/errors.js';
import { encodeKey } from '../../src/keys.js';
import { MemoryStore } from '../../src/store/memory.js';
import { bindSteps, syncSteps } from '../../src/store/sync.js';

test('a plain MemoryStore registers inline steps; a subclass registers none', () => {
  const steps = syncSteps(new MemoryStore());
  assert.ok(steps);
  assert.equal(steps.inline, true);
  assert.equal(typeof steps.bind, 'function');
  class Traced extends MemoryStore {}
  assert.equal(syncSteps(new Traced()), undefined);
  assert.equal(syncSteps(undefined), undefined);
  assert.equal(syncSteps('memory'), undefined);
});

test('each step acts on the same state as the async methods and returns what they return', async () => {
  const store = new MemoryStore();
  const steps = syncSteps(store)!;
  const k = encodeKey('k');
  assert.equal(steps.put('t', [{ key: k, value: 1 }], 'set', {}), true);
  assert.equal(await store.get('t', k), 1);
  assert.deepEqual(steps.updateCounter('t', k, [{ incr: 2 }], {}, {}), [3]);
  assert.deepEqual(await store.updateCounter('t', k, [{ incr: 1 }], {}, {}), [4]);
  assert.equal(steps.get('t', k), 4);
  assert.equal(steps.size('t'), 1);
  assert.deepEqual(steps.scan('t', undefined, 10), await store.scan('t', undefined, 10));
  assert.equal(steps.take('t', k), 4);
  assert.equal(await store.get('t', k), undefined);
  assert.throws(() => steps.updateCounter('t', k, [{ incr: 1 }], {}, {}), NotFoundError);
  await assert.rejects(store.updateCounter('t', k, [{ incr: 1 }], {}, {}), NotFoundError);
});

test('bound steps and generic steps agree (bindSteps falls back to the generic ones)', () => {
  const store = new MemoryStore();
  const steps = syncSteps(store)!;
  const bound = bindSteps(steps, 't');
  const { bind: _ignored, ...generic } = steps;
  const fallback = bindSteps(generic, 't');
  const k = encodeKey('k');
  assert.equal(bound.increment(k, 1, { default: 0 }, {}), 1);
  assert.equal(fallback.increment(k, 1, {}, {}), 2);
  assert.equal(bound.get(k), 2);
  assert.equal(fallback.get(k), 2);
  assert.throws(() => bound.increment(encodeKey('none'), 1, {}, {}), NotFoundError);
  assert.throws(() => fallback.increment(encodeKey('none'), 1, {}, {}), NotFoundError);
});
