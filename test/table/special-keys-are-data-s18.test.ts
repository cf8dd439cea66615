// S18: the seed's cache built a match pattern from the key, so a key like ':_' matched every row.
// Scale: 19 special keys + 100 ordinary ones; deleting each special key removes exactly one entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Table } from '../../src/table/Table.js';
import { SPECIAL_KEYS as SPECIAL } from '../special-keys.js';

async function setup(): Promise<Table<number>> {
  const t = new Table<number>('cache');
  await t.setMany(SPECIAL.map((k, i) => [k, i] as [string, number]));
  await t.setMany(Array.from({ length: 100 }, (_, i) => [`user:${i}`, i] as [string, number]));
  return t;
}

/** The naive pattern: treat the key as a glob over all keys, as `KEYS`/`SCAN MATCH` + `DEL` does. */
function naiveDeleteMatching(map: Map<string, number>, key: string): number {
  const re = new RegExp(
    `^${key
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  let n = 0;
  for (const k of [...map.keys()]) {
    if (re.test(k)) {
      map.delete(k);
      n++;
    }
  }
  return n;
}

test('delete and selectDelete of a special key remove exactly that entry', async () => {
  for (const key of SPECIAL) {
    const t = await setup();
    const size = await t.size();
    assert.equal(await t.delete(key), true, JSON.stringify(key));
    assert.equal(await t.size(), size - 1, JSON.stringify(key));
    const u = await setup();
    assert.equal(await u.selectDelete({ key: true, eq: key }), 1, JSON.stringify(key));
  }
});

test('the naive pattern-built delete removes more than the key (the test can see the bug)', () => {
  const map = new Map<string, number>(
    [...SPECIAL, ...Array.from({ length: 100 }, (_, i) => `user:${i}`)].map((k, i) => [k, i]),
  );
  assert.ok(naiveDeleteMatching(new Map(map), 'user:*') > 1);
  assert.ok(naiveDeleteMatching(new Map(map), '*') > 1);
});
