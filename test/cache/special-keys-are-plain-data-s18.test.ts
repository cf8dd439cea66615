// S18: keys with `* ? [ ] { } : _ $1 %` are plain data — a delete removes exactly that key.
// Scale: 19 special keys + 100 ordinary ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cache } from '../../src/cache/Cache.js';
import { SPECIAL_KEYS as SPECIAL } from '../special-keys.js';

test('each special key is its own entry: set, get and delete touch exactly that key', async () => {
  const cache = new Cache<string>('special', { maxEntries: 1_000 });
  for (const k of SPECIAL) await cache.set(k, `v:${k}`);
  for (let i = 0; i < 100; i++) await cache.set(`user:${i}`, `u${i}`);
  assert.equal(await cache.size(), 119);
  for (const k of SPECIAL) assert.equal(await cache.get(k), `v:${k}`, JSON.stringify(k));
  let size = 119;
  for (const k of SPECIAL) {
    assert.equal(await cache.delete(k), true, JSON.stringify(k));
    assert.equal(await cache.size(), --size, JSON.stringify(k));
  }
  assert.equal(await cache.size(), 100);
  assert.equal(await cache.get('user:7'), 'u7');
});

test('tuple keys are unambiguous: ["a","bc"] and ["ab","c"] are different entries', async () => {
  const cache = new Cache<number>('tuples');
  await cache.set(['a', 'bc'], 1);
  await cache.set(['ab', 'c'], 2);
  assert.equal(await cache.get(['a', 'bc']), 1);
  assert.equal(await cache.get(['ab', 'c']), 2);
});
