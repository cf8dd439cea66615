// Races across real worker threads: each scenario runs on the workers store (exact) and as the
// naive read-then-write on a plain SharedArrayBuffer (shown losing at the same scale).
// Scale: RACELESS_STRESS_WORKERS (default 4) workers; RACELESS_STRESS_N increments per worker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Table } from '../../src/table/Table.js';
import { WorkersStore } from '../../src/workers/index.js';
import { runAll, WORKERS } from './spawn.js';

const N = Number(process.env.RACELESS_STRESS_N ?? 500_000);

test(`S01: ${WORKERS} workers × ${N.toLocaleString('en')} updateCounter lose nothing; the naive cell loses`, async () => {
  const store = WorkersStore.create({ maxEntries: 16 });
  try {
    await runAll({ task: 'counter', handle: store.handle, n: N, rounds: 1 });
    const hits = new Table<number>('s01', { store });
    assert.equal(await hits.get('hits'), WORKERS * N);

    const control = new SharedArrayBuffer(4 * 16);
    await runAll({ task: 'naive-counter', handle: store.handle, n: N, rounds: 1, control });
    const naive = new Int32Array(control)[1]!;
    assert.ok(naive < WORKERS * N, `naive kept ${naive} of ${WORKERS * N}`);
  } finally {
    store.close();
  }
});

const ROUNDS = 40;
const ATTEMPTS = 50;

test(`S03: ${WORKERS} workers × ${ROUNDS} keys × ${ATTEMPTS} consumes, limit 5 → exactly 5 per key; naive over-admits`, async () => {
  const store = WorkersStore.create({ maxEntries: 256 });
  try {
    const results = await runAll<{ admitted: number[] }>({
      task: 'admit',
      handle: store.handle,
      n: ATTEMPTS,
      rounds: ROUNDS,
    });
    for (let r = 0; r < ROUNDS; r++) {
      const total = results.reduce((s, x) => s + x.admitted[r]!, 0);
      assert.equal(total, 5, `key ${r}: ${total} admitted`);
    }
    const naive = await runAll<{ admitted: number[] }>({
      task: 'naive-admit',
      handle: store.handle,
      n: ATTEMPTS,
      rounds: ROUNDS,
    });
    const naiveTotal = naive.reduce((s, x) => s + x.admitted.reduce((a, b) => a + b, 0), 0);
    assert.ok(naiveTotal > 5 * ROUNDS, `naive admitted ${naiveTotal}, limit ${5 * ROUNDS}`);
  } finally {
    store.close();
  }
});

test(`S05: ${WORKERS} workers insertNew one key, ${ROUNDS} rounds → exactly one winner each; naive has several`, async () => {
  const store = WorkersStore.create({ maxEntries: 256 });
  try {
    const results = await runAll<{ won: number[] }>({
      task: 'claim',
      handle: store.handle,
      n: 1,
      rounds: ROUNDS,
    });
    const locks = new Table<number>('s05', { store });
    for (let r = 0; r < ROUNDS; r++) {
      const winners = results.map((x, id) => (x.won[r] === 1 ? id : -1)).filter((id) => id >= 0);
      assert.equal(winners.length, 1, `round ${r}: winners ${winners.join(',')}`);
      assert.equal(await locks.get(['lock', r]), winners[0]);
    }
    const naive = await runAll<{ won: number[] }>({
      task: 'naive-claim',
      handle: store.handle,
      n: 1,
      rounds: ROUNDS,
    });
    const naiveWins = naive.reduce((s, x) => s + x.won.reduce((a, b) => a + b, 0), 0);
    assert.ok(naiveWins > ROUNDS, `naive: ${naiveWins} winners in ${ROUNDS} rounds`);
  } finally {
    store.close();
  }
});
