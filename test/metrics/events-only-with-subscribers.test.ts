// Events go through node:diagnostics_channel and are published only when someone subscribes.
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { Cache, cacheChannel } from '../../src/cache/Cache.js';
import { Metrics } from '../../src/metrics/Metrics.js';
import { metricsChannel } from '../../src/metrics/options.js';
import { registryChannel } from '../../src/registry/events.js';
import { Registry } from '../../src/registry/Registry.js';

test('without subscribers nothing is published; with one, each channel reports its events', async () => {
  assert.equal(metricsChannel.hasSubscribers, false);
  assert.equal(cacheChannel.hasSubscribers, false);
  assert.equal(registryChannel.hasSubscribers, false);
  const seen: unknown[] = [];
  const listener = (e: unknown) => void seen.push(e);
  const m = new Metrics().counter({ name: 'c', help: 'h' });
  await m.inc();
  await m.reset();
  assert.equal(seen.length, 0);
  for (const name of ['raceless:metrics', 'raceless:cache', 'raceless:registry']) {
    diagnostics_channel.subscribe(name, listener);
  }
  try {
    await m.inc();
    await m.reset();
    const cache = new Cache<number>('ev', { maxEntries: 1 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.getOrLoad('c', () => Promise.reject(new Error('x'))).catch(() => {});
    const reg = new Registry<number>('ev');
    await reg.register('n', () => 1);
    await reg.register('n', () => 2).catch(() => {});
    const kinds = seen.map((e) => (e as { event: string }).event);
    assert.deepEqual(kinds, ['reset', 'evicted', 'load-failed', 'registered', 'rejected']);
  } finally {
    for (const name of ['raceless:metrics', 'raceless:cache', 'raceless:registry']) {
      diagnostics_channel.unsubscribe(name, listener);
    }
  }
});
