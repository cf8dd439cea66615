// The view encodes a repeated string key once. Alternating, repeated, empty, special and
// non-string keys (which look alike as strings) still reach their own entries.
// Scale: 1,000 increments over 8 keys in a fixed interleaving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from '../../src/keys.js';
import { Table } from '../../src/table/Table.js';

test('each key keeps its own counter whatever the order of calls', () => {
  const keys: Key[] = ['', 'a', 'a ', ':_', 1, '1', ['a'], true];
  const t = new Table<number>('t');
  const expected = new Map<string, number>();
  for (let i = 0; i < 1_000; i++) {
    // Runs of the same key, then switches: exercises hits and misses of the last-key memo.
    const k = keys[Math.floor(i / 3 + (i % 7)) % keys.length]!;
    t.sync.updateCounter(k, 1, { default: 0 });
    const id = JSON.stringify(k);
    expected.set(id, (expected.get(id) ?? 0) + 1);
  }
  for (const k of keys) {
    assert.equal(t.sync.get(k), expected.get(JSON.stringify(k)) ?? undefined, JSON.stringify(k));
  }
  assert.equal(t.sync.size(), expected.size);
  assert.equal(t.sync.get(''), expected.get('""'));
  assert.equal(new Table<number>('fresh').sync.get(''), undefined);
});
