// Counters incremented from worker threads (sync and async alternating, each thread remembering
// the counter's slot) while another thread takes, deletes, re-inserts and expires the counter and
// makes other keys rebind the freed slots: no increment is lost or doubled (phase A, accounted
// for by `take`), none lands in another key's slot (those keys keep their exact values), and after
// the last re-insert the count is exact (phase C).
// Scale: RACELESS_STRESS_WORKERS - 1 incrementers (at least 2) × 20,000 increments per phase.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkersStore } from '../../src/workers/index.js';
import { runAll, WORKERS } from './spawn.js';

const N = 20_000;
const M = 5_000;

test(`${Math.max(WORKERS, 3) - 1} incrementers × ${N.toLocaleString('en')} under delete / re-insert / expiry churn: exact`, async (t) => {
  const workers = Math.max(WORKERS, 3);
  const store = WorkersStore.create({ maxEntries: 16 }); // 32 slots: freed slots get rebound
  try {
    const [churn, ...incrementers] = await runAll<{
      taken: number;
      final: number;
      strays: number;
      iterations: number;
      contended: number;
    }>({ task: 'churn', handle: store.handle, n: N, m: M, rounds: 0 }, workers);
    t.diagnostic(
      `churn iterations ${churn!.iterations}; sync retries ${incrementers.map((r) => r.contended).join(', ')}`,
    );
    assert.equal(churn!.strays, 0, 'an increment landed in another key');
    assert.equal(churn!.taken, (workers - 1) * N, 'phase A: taken + left = every increment');
    assert.equal(churn!.final, (workers - 1) * M, 'after the last re-insert');
    assert.ok(churn!.iterations > 10, `only ${churn!.iterations} churn iterations`);
    assert.equal(store.stats().lockedSlots, 0);
  } finally {
    store.close();
  }
});
