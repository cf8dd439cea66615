// S21: the number of series per metric (maxSeries) and of metrics per registry (maxMetrics) is
// bounded with a typed error; a refused write writes nothing; each size is exposed.
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { CapacityExceededError } from '../../src/errors.js';
import { Metrics } from '../../src/metrics/Metrics.js';
import type { MetricsEvent } from '../../src/metrics/options.js';

test('maxSeries 10: the 11th label combination throws CapacityExceededError; existing series still count', async () => {
  const events: MetricsEvent[] = [];
  const listener = (e: unknown) => void events.push(e as MetricsEvent);
  diagnostics_channel.subscribe('raceless:metrics', listener);
  try {
    const c = new Metrics().counter({
      name: 'by_user_total',
      help: 'h',
      labelNames: ['user'],
      maxSeries: 10,
    });
    for (let i = 0; i < 10; i++) await c.inc({ user: `u${i}` });
    await assert.rejects(c.inc({ user: 'u10' }), CapacityExceededError);
    assert.equal(await c.inc({ user: 'u3' }), 2);
    assert.equal(await c.size(), 10);
    assert.equal(c.maxSeries, 10);
    assert.deepEqual(events, [{ metric: 'by_user_total', event: 'series-limit', limit: 10 }]);
  } finally {
    diagnostics_channel.unsubscribe('raceless:metrics', listener);
  }
});

test('maxMetrics 3: the 4th metric throws CapacityExceededError', () => {
  const metrics = new Metrics({ maxMetrics: 3 });
  metrics.counter({ name: 'a', help: '' });
  metrics.gauge({ name: 'b', help: '' });
  metrics.collect({ name: 'c', help: '', read: () => 1 });
  assert.throws(() => metrics.summary({ name: 'd', help: '' }), CapacityExceededError);
  assert.equal(metrics.size, 3);
});

test('churn soak: 20,000 increments over 1,000 rotating label values keep series at the bound of 100 after resets', async () => {
  const c = new Metrics().counter({
    name: 'churn_total',
    help: 'h',
    labelNames: ['k'],
    maxSeries: 100,
  });
  let refused = 0;
  for (let i = 0; i < 20_000; i++) {
    try {
      await c.inc({ k: String(i % 1_000) });
    } catch (e) {
      assert.ok(e instanceof CapacityExceededError);
      refused++;
    }
    if (i % 1_000 === 999) assert.equal(await c.resetAll(), 100);
  }
  assert.equal(refused, 18_000);
  assert.ok((await c.size()) <= 100);
});
