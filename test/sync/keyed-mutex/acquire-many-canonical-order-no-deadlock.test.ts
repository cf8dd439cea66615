// Rule: multi-key locks take keys in canonical order (async-lock deadlocks on ['a','b'] vs
// ['b','a']). Scale: 2 callers with opposite key orders, started in the same tick.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedMutex } from '../../../src/sync/KeyedMutex.js';
import { NaiveKeyedLock } from '../../naive/naiveKeyedLock.js';
import { flush, stateOf } from '../helpers.js';

test('opposite orders both complete', async () => {
  const locks = new KeyedMutex<string>();
  const log: string[] = [];
  const one = locks.runExclusiveMany(['a', 'b'], async () => {
    log.push('ab');
    await flush();
  });
  const two = locks.runExclusiveMany(['b', 'a', 'b'], async () => {
    log.push('ba');
  });
  await Promise.all([one, two]);
  assert.deepEqual(log, ['ab', 'ba']);
  assert.equal(locks.size, 0);
});

test('naive caller-order locking deadlocks', async () => {
  const naive = new NaiveKeyedLock();
  const one = naive.acquireMany(['a', 'b']);
  const two = naive.acquireMany(['b', 'a']);
  for (let i = 0; i < 5; i++) await flush();
  assert.equal(await stateOf(one), 'pending');
  assert.equal(await stateOf(two), 'pending');
});
