// Labels are data: the series key is the tuple of label values, so values containing commas,
// quotes, `=` or glob characters never collide or leak into another series.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metrics } from '../../src/metrics/Metrics.js';

test('label values that would collide if joined into a string are different series', async () => {
  const c = new Metrics().counter({ name: 'x_total', help: 'h', labelNames: ['a', 'b'] });
  await c.inc({ a: 'p,q', b: 'r' });
  await c.inc({ a: 'p', b: 'q,r' });
  await c.inc({ a: '*', b: ':_' });
  await c.inc({ a: 1, b: true });
  assert.equal(await c.get({ a: 'p,q', b: 'r' }), 1);
  assert.equal(await c.get({ a: 'p', b: 'q,r' }), 1);
  assert.equal(await c.get({ a: '1', b: 'true' }), 1, 'numbers and booleans are their string form');
  assert.equal(await c.size(), 4);
  const series = await c.series();
  assert.deepEqual(
    series.map(([labels]) => labels).sort((x, y) => (x.a! < y.a! ? -1 : 1)),
    [
      { a: '*', b: ':_' },
      { a: '1', b: 'true' },
      { a: 'p', b: 'q,r' },
      { a: 'p,q', b: 'r' },
    ],
  );
});

test('missing and unknown labels are refused with InvalidArgumentError', async () => {
  const c = new Metrics().counter({ name: 'y_total', help: 'h', labelNames: ['route'] });
  await assert.rejects(c.inc({}), { code: 'ERR_INVALID_ARGUMENT', argument: 'labels.route' });
  await assert.rejects(c.inc({ route: '/', extra: 'x' }), { code: 'ERR_INVALID_ARGUMENT' });
  assert.equal(await c.size(), 0);
});

test('reset of one series returns the snapshot it replaced and leaves other series alone', async () => {
  const h = new Metrics().summary({ name: 'lat', help: 'h', labelNames: ['route'] });
  await h.observe({ route: '/a' }, 1.5);
  await h.observe({ route: '/a' }, 0.5);
  await h.observe({ route: '/b' }, 3);
  assert.deepEqual(await h.reset({ route: '/a' }), { count: 2, sum: 2, mean: 1 });
  assert.deepEqual(await h.get({ route: '/a' }), { count: 0, sum: 0, mean: 0 });
  assert.deepEqual(await h.get({ route: '/b' }), { count: 1, sum: 3, mean: 3 });
});

test('two registries on one store share series (a cluster-wide metric on a shared store)', async () => {
  const { MemoryStore } = await import('../../src/store/memory.js');
  const store = new MemoryStore();
  const a = new Metrics({ store }).counter({ name: 'shared_total', help: 'h' });
  const b = new Metrics({ store }).counter({ name: 'shared_total', help: 'h' });
  await a.inc();
  await b.inc();
  assert.equal(await a.get(), 2);
});
