// S15 residual: readers combined fields from different moments. A snapshot is ONE atomic read of
// the series entry, so count, sum and buckets always agree. Scale: 10,000 observations by 100
// writers, a reader snapshotting after every turn.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metrics } from '../../src/metrics/Metrics.js';
import { NaiveSplitSummary } from '../naive/naiveMetrics.js';
import { yieldTurn } from '../naive/yieldTurn.js';

test('10,000 concurrent observations of 0.5: every snapshot has sum = count × 0.5 and +Inf bucket = count', async () => {
  const hist = new Metrics().histogram({ name: 'h', help: 'h', buckets: [0.25, 1] });
  let done = false;
  let snapshots = 0;
  let torn = 0;
  const reader = (async () => {
    while (!done) {
      const s = await hist.get();
      snapshots++;
      const inf = s.buckets.at(-1)!.count;
      if (s.sum !== s.count * 0.5 || inf !== s.count || s.buckets[1]!.count !== s.count) torn++;
      await yieldTurn();
    }
  })();
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      for (let i = 0; i < 100; i++) {
        await hist.observe(0.5);
        if (i % 10 === 0) await yieldTurn();
      }
    }),
  );
  done = true;
  await reader;
  assert.equal(torn, 0);
  assert.ok(snapshots > 5, `snapshots ${snapshots}`);
  const s = await hist.get();
  assert.equal(s.count, 10_000);
  assert.equal(s.sum, 5_000);
});

test('the naive reader (two reads with an await between) combines fields from different moments at the same scale (the test can see the bug)', async () => {
  const naive = new NaiveSplitSummary();
  let done = false;
  let torn = 0;
  const reader = (async () => {
    while (!done) {
      const { count, sum } = await naive.snapshot();
      if (sum !== count * 500_000) torn++;
      await yieldTurn();
    }
  })();
  await Promise.all(
    Array.from({ length: 100 }, async (_, w) => {
      // Writers' latencies between their two calls differ (1–3 turns).
      for (let i = 0; i < 100; i++) await naive.observe(500_000, 1 + (w % 3));
    }),
  );
  done = true;
  await reader;
  assert.ok(torn > 0, `torn ${torn}`);
});
