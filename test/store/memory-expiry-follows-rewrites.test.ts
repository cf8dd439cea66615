// An entry rewritten with a new TTL expires exactly at its new expiry, whether the rewrite moves
// the expiry later (the expiry index keeps one item per entry and moves it on lazily), earlier, or
// removes it; a hot key rewritten many times does not grow the expiry index.
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import type { TableEvent } from '../../src/events.js';
import { MemoryStore } from '../../src/store/memory.js';
import { Table } from '../../src/table/Table.js';

function setup() {
  const clock = new ManualClock(0);
  const store = new MemoryStore({ clock });
  return { clock, store, t: new Table<number>('t', { store }).sync };
}

test('a later expiry: the entry lives until the new time, then is gone and reclaimed', () => {
  const { clock, store, t } = setup();
  t.set('k', 1, { ttlMs: 10 });
  clock.advance(5);
  t.set('k', 2, { ttlMs: 10 }); // now expires at 15
  clock.advance(5); // 10: the first expiry time has passed
  assert.equal(t.size(), 1);
  assert.equal(t.get('k'), 2);
  clock.advance(4); // 14
  assert.equal(t.get('k'), 2);
  clock.advance(1); // 15
  assert.equal(t.get('k'), undefined);
  assert.equal(t.size(), 0);
  assert.deepEqual(store.stats('t'), { entries: 0, expiryIndex: 0 });
});

test('the reclaim of a moved expiry counts only entries that really expired', () => {
  const { clock, t } = setup();
  t.setMany(
    [
      ['a', 1],
      ['b', 2],
    ],
    { ttlMs: 10 },
  );
  t.set('a', 3, { ttlMs: 100 });
  clock.advance(10);
  const events: TableEvent[] = [];
  const listener = (e: unknown) => events.push(e as TableEvent);
  diagnostics_channel.subscribe('raceless:table', listener);
  try {
    assert.equal(t.size(), 1);
  } finally {
    diagnostics_channel.unsubscribe('raceless:table', listener);
  }
  assert.deepEqual(events, [{ table: 't', event: 'expired', count: 1 }]);
  assert.equal(t.get('a'), 3);
  clock.advance(90);
  assert.equal(t.get('a'), undefined);
});

test('an earlier expiry and a removed expiry', () => {
  const { clock, t } = setup();
  t.set('short', 1, { ttlMs: 100 });
  t.set('short', 1, { ttlMs: 5 });
  t.set('forever', 1, { ttlMs: 5 });
  t.set('forever', 2);
  t.set('counter', 0, { ttlMs: 5 });
  t.compareAndSet('counter', 0, 1, { ttlMs: 50 });
  clock.advance(5);
  assert.equal(t.get('short'), undefined);
  assert.equal(t.get('forever'), 2);
  assert.equal(t.get('counter'), 1);
  assert.equal(t.size(), 2);
  clock.advance(1_000_000);
  assert.equal(t.get('forever'), 2);
  assert.equal(t.get('counter'), undefined);
  assert.equal(t.size(), 1);
});

test('a hot key rewritten 10,000 times with a TTL keeps one expiry item', () => {
  const { clock, store, t } = setup();
  for (let i = 0; i < 10_000; i++) {
    t.set('hot', i, { ttlMs: 1_000 });
    if (i % 100 === 99) clock.advance(1);
  }
  assert.deepEqual(store.stats('t'), { entries: 1, expiryIndex: 1 });
  // The last write was at 99 (the loop then moved the clock to 100): it expires at 1,099.
  clock.advance(998);
  assert.equal(t.get('hot'), 9_999);
  clock.advance(1);
  assert.equal(t.get('hot'), undefined);
});
