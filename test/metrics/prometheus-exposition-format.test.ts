// The Prometheus text exposition: HELP/TYPE lines, escaped HELP and label values, histogram
// _bucket (cumulative, le="+Inf") / _sum / _count, summary _sum / _count, callback gauges.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metrics } from '../../src/metrics/Metrics.js';
import { escapeLabelValue } from '../../src/metrics/prometheus.js';

test('exposes every metric type in the exact text format', async () => {
  const metrics = new Metrics();
  const requests = metrics.counter({
    name: 'http_requests_total',
    help: 'Requests by route.\nSecond line with a \\ backslash',
    labelNames: ['route', 'code'],
  });
  const inFlight = metrics.gauge({ name: 'in_flight', help: 'In flight' });
  const latency = metrics.histogram({
    name: 'latency_seconds',
    help: 'Latency',
    labelNames: ['route'],
    buckets: [0.1, 0.5],
  });
  const ratio = metrics.summary({ name: 'ratio', help: 'Ratio', scale: 100 });
  metrics.collect({ name: 'cache_entries', help: 'Entries', read: () => 7 });
  await requests.inc({ route: '/a"b\\c\nd', code: 200 });
  await requests.inc({ route: '/', code: 500 }, 2);
  await inFlight.set(3);
  await inFlight.dec();
  await latency.observe({ route: '/' }, 0.05);
  await latency.observe({ route: '/' }, 0.35);
  await latency.observe({ route: '/' }, 2);
  await ratio.observe(0.25);
  await ratio.observe(0.5);
  assert.equal(
    await metrics.expose(),
    [
      '# HELP http_requests_total Requests by route.\\nSecond line with a \\\\ backslash',
      '# TYPE http_requests_total counter',
      'http_requests_total{route="/",code="500"} 2',
      'http_requests_total{route="/a\\"b\\\\c\\nd",code="200"} 1',
      '# HELP in_flight In flight',
      '# TYPE in_flight gauge',
      'in_flight 2',
      '# HELP latency_seconds Latency',
      '# TYPE latency_seconds histogram',
      'latency_seconds_bucket{route="/",le="0.1"} 1',
      'latency_seconds_bucket{route="/",le="0.5"} 2',
      'latency_seconds_bucket{route="/",le="+Inf"} 3',
      'latency_seconds_sum{route="/"} 2.4',
      'latency_seconds_count{route="/"} 3',
      '# HELP ratio Ratio',
      '# TYPE ratio summary',
      'ratio_sum 0.75',
      'ratio_count 2',
      '# HELP cache_entries Entries',
      '# TYPE cache_entries gauge',
      'cache_entries 7',
      '',
    ].join('\n'),
  );
});

test('escapeLabelValue escapes backslash, quote and newline only', () => {
  assert.equal(escapeLabelValue('a\\b"c\nd*?{}'), 'a\\\\b\\"c\\nd*?{}');
});

test('names are validated: bad metric and label names, reserved le/quantile, duplicates', () => {
  const metrics = new Metrics();
  assert.throws(() => metrics.counter({ name: '1bad', help: '' }), {
    code: 'ERR_INVALID_ARGUMENT',
  });
  assert.throws(() => metrics.counter({ name: 'ok', help: '', labelNames: ['__x'] }), TypeError);
  assert.throws(() => metrics.histogram({ name: 'h', help: '', labelNames: ['le'] }), TypeError);
  assert.throws(
    () => metrics.summary({ name: 's', help: '', labelNames: ['quantile'] }),
    TypeError,
  );
  assert.throws(() => metrics.counter({ name: 'd', help: '', labelNames: ['a', 'a'] }), TypeError);
  assert.throws(() => metrics.histogram({ name: 'b', help: '', buckets: [1, 1] }), RangeError);
  metrics.counter({ name: 'twice', help: '' });
  assert.throws(() => metrics.gauge({ name: 'twice', help: '' }), {
    code: 'ERR_ALREADY_REGISTERED',
  });
});
