// S15: 100 concurrent updates of 0.35 → count 100 and mean exactly 0.35; mixed ratios
// (20 × each of 0.3, 0.4, 0.35, 0.25, 0.5) → mean exactly 0.36. Fixed-point integers at a
// declared scale, count and sum in ONE updateCounter op list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metrics } from '../../src/metrics/Metrics.js';
import { NaiveFloatMean } from '../naive/naiveMetrics.js';
import { yieldTurn } from '../naive/yieldTurn.js';

const RATIOS = [0.3, 0.4, 0.35, 0.25, 0.5];

test('100 concurrent observations of 0.35: count 100, sum 35, mean exactly 0.35', async () => {
  const ratio = new Metrics().summary({ name: 'compression_ratio', help: 'r', scale: 10_000 });
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      await yieldTurn();
      await ratio.observe(0.35);
    }),
  );
  const s = await ratio.get();
  assert.equal(s.count, 100);
  assert.equal(s.sum, 35);
  assert.equal(s.mean, 0.35);
});

test('mixed ratios, 20 each, concurrently: count 100, mean exactly 0.36 (histogram too)', async () => {
  const metrics = new Metrics();
  const ratio = metrics.summary({ name: 'ratio', help: 'r', scale: 1e6 });
  const hist = metrics.histogram({ name: 'ratio_hist', help: 'r', buckets: [0.3, 0.4] });
  await Promise.all(
    RATIOS.flatMap((r) =>
      Array.from({ length: 20 }, async () => {
        await yieldTurn();
        await Promise.all([ratio.observe(r), hist.observe(r)]);
      }),
    ),
  );
  const s = await ratio.get();
  assert.equal(s.count, 100);
  assert.equal(s.sum, 36);
  assert.equal(s.mean, 0.36);
  const h = await hist.get();
  assert.equal(h.mean, 0.36);
  assert.deepEqual(
    h.buckets.map((b) => b.count),
    [40, 80, 100],
  );
});

test('the naive float read-modify-write loses updates and misses the mean at the same scale (the test can see the bug)', async () => {
  const naive = new NaiveFloatMean();
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      await yieldTurn();
      await naive.observe(0.35);
    }),
  );
  assert.equal(naive.count, 100);
  assert.notEqual(naive.mean(), 0.35);
  assert.ok(naive.sum < 35, `naive sum ${naive.sum}`);
  // Even without a race, float accumulation drifts: 100 × 0.35 summed is not 35.
  let sum = 0;
  for (let i = 0; i < 100; i++) sum += 0.35;
  assert.notEqual(sum / 100, 0.35);
});
