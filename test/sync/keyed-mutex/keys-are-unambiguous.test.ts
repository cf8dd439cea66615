// Keys are compared canonically: ['a','bc'] ≠ ['ab','c'], 1 ≠ '1', ['a'] ≠ 'a'; -0 is 0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedMutex } from '../../../src/sync/KeyedMutex.js';
import { NaiveKeyedLock } from '../../naive/naiveKeyedLock.js';

const pairs: [unknown, unknown][] = [
  [
    ['a', 'bc'],
    ['ab', 'c'],
  ],
  [1, '1'],
  [['a'], 'a'],
  [
    ['1', 2],
    [1, '2'],
  ],
];

test('distinct keys never share a lock', async () => {
  const locks = new KeyedMutex();
  for (const [x, y] of pairs) {
    const release = await locks.acquire(x as never);
    assert.equal(locks.isLocked(y as never), false, `${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    release();
  }
});

test('equal keys share one lock (-0 and 0 are one key)', async () => {
  const locks = new KeyedMutex();
  const release = await locks.acquire(['k', -0]);
  assert.equal(locks.isLocked(['k', 0]), true);
  release();
});

test('naive joined keys: the pairs collide', async () => {
  const naive = new NaiveKeyedLock();
  let collisions = 0;
  for (const [x, y] of pairs) {
    const release = await naive.acquire(x as never);
    if (naive.isLocked(y as never)) collisions++;
    release();
  }
  assert.equal(collisions, pairs.length);
});
