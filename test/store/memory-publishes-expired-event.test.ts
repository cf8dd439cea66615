import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import type { TableEvent } from '../../src/events.js';
import { MemoryStore } from '../../src/store/memory.js';
import { Table } from '../../src/table/Table.js';

test('reclaiming expired entries publishes one expired event with the count', async () => {
  const clock = new ManualClock(0);
  const t = new Table<number>('ev', { store: new MemoryStore({ clock }) });
  await t.setMany(
    [
      ['a', 1],
      ['b', 2],
    ],
    { ttlMs: 5 },
  );
  clock.advance(5);
  const events: TableEvent[] = [];
  const listener = (m: unknown) => events.push(m as TableEvent);
  diagnostics_channel.subscribe('raceless:table', listener);
  try {
    assert.equal(await t.size(), 0);
    await t.clear();
  } finally {
    diagnostics_channel.unsubscribe('raceless:table', listener);
  }
  assert.deepEqual(events, [
    { table: 'ev', event: 'expired', count: 2 },
    { table: 'ev', event: 'cleared', count: 0 },
  ]);
});
