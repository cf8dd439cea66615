// Values that are not exact at the declared scale are refused (OutOfRangeError, nothing
// written) by default, or rounded to the nearest unit with rounding: 'round'.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutOfRangeError } from '../../src/errors.js';
import { fromFixedPoint, meanOf, toFixedPoint } from '../../src/metrics/fixed-point.js';
import { Metrics } from '../../src/metrics/Metrics.js';

test('decimal values exact at the scale are accepted, even when value × scale is not an integer in floating point', () => {
  assert.equal(0.29 * 100, 28.999999999999996);
  assert.equal(toFixedPoint(0.29, 100, 'refuse', 'v'), 29);
  assert.equal(toFixedPoint(0.35, 1e6, 'refuse', 'v'), 350_000);
  assert.equal(toFixedPoint(-1.25, 100, 'refuse', 'v'), -125);
  assert.equal(fromFixedPoint(29, 100), 0.29);
  assert.equal(meanOf(36_000_000, 100, 1e6), 0.36);
  assert.equal(meanOf(0, 0, 1e6), 0);
});

test('refuse (default): 0.123 at scale 100 throws OutOfRangeError and writes nothing', async () => {
  const m = new Metrics().summary({ name: 's', help: 'h', scale: 100 });
  await assert.rejects(
    m.observe(0.123),
    (e: unknown) => e instanceof OutOfRangeError && e.argument === 'value',
  );
  assert.deepEqual(await m.get(), { count: 0, sum: 0, mean: 0 });
  await assert.rejects(m.observe(Number.NaN), OutOfRangeError);
  await assert.rejects(m.observe(Number.POSITIVE_INFINITY), OutOfRangeError);
  await assert.rejects(m.observe('1' as never), TypeError);
  await assert.rejects(m.observe(1e14), OutOfRangeError); // beyond 2^53 once scaled
});

test('round: 0.125 at scale 100 is stored as 0.13 (ties away from zero), -0.125 as -0.13', async () => {
  const g = new Metrics().gauge({ name: 'g', help: 'h', scale: 100, rounding: 'round' });
  await g.set(0.125);
  assert.equal(await g.get(), 0.13);
  await g.set(-0.125);
  assert.equal(await g.get(), -0.13);
});

test('counters take integers by default (scale 1) and never go down', async () => {
  const c = new Metrics().counter({ name: 'c_total', help: 'h' });
  await assert.rejects(c.inc(0.5), OutOfRangeError);
  await assert.rejects(c.inc(-1), OutOfRangeError);
  assert.equal(await c.inc(), 1);
  assert.equal(await c.inc(41), 42);
});
