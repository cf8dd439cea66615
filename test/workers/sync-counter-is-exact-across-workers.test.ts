// Increments through the synchronous step from real worker threads lose nothing: every worker's
// increments of one key land exactly once, alone and mixed with async ones on the same key.
// Scale: RACELESS_STRESS_WORKERS (default 4) workers × RACELESS_STRESS_SYNC_N (default 200,000).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Table } from '../../src/table/Table.js';
import { WorkersStore } from '../../src/workers/index.js';
import { runAll, WORKERS } from './spawn.js';

const N = Number(process.env.RACELESS_STRESS_SYNC_N ?? 200_000);

for (const task of ['sync-counter', 'mixed-counter'] as const) {
  const how = task === 'sync-counter' ? 'sync' : 'sync and async (alternating)';
  test(`${WORKERS} workers × ${N.toLocaleString('en')} increments, ${how}: exactly ${WORKERS} × N`, async (t) => {
    const store = WorkersStore.create({ maxEntries: 16 });
    try {
      const results = await runAll<{ contended: number }>({
        task,
        handle: store.handle,
        n: N,
        rounds: 1,
      });
      assert.equal(await new Table<number>('sync-counter', { store }).get('hits'), WORKERS * N);
      t.diagnostic(
        `sync steps retried after ContentionError: ${results.map((r) => r.contended).join(', ')}`,
      );
      assert.equal(store.stats().lockedSlots, 0);
    } finally {
      store.close();
    }
  });
}
