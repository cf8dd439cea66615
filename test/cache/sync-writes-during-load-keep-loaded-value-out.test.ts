// The sync view's set, delete and clear invalidate a load in progress exactly like the async
// methods: the load's (now outdated) result is not written; the callers still get it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cache } from '../../src/cache/Cache.js';

function gated<T>(value: T) {
  let release!: () => void;
  let start!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const started = new Promise<void>((r) => {
    start = r;
  });
  const loader = async () => {
    start();
    await gate;
    return value;
  };
  return { loader, release, started };
}

for (const kind of ['set', 'delete', 'clear'] as const) {
  test(`sync ${kind} during a load keeps the loaded value out`, async () => {
    const cache = new Cache<string>(`during-${kind}`);
    const { loader, release, started } = gated('loaded');
    const p = cache.getOrLoad('k', loader);
    await started;
    if (kind === 'set') cache.sync.set('k', 'explicit');
    else if (kind === 'delete') cache.sync.delete('k');
    else cache.sync.clear();
    release();
    assert.equal(await p, 'loaded');
    assert.equal(cache.sync.get('k'), kind === 'set' ? 'explicit' : undefined);
    const stats = await cache.stats();
    assert.equal(stats.loads, 1);
    assert.equal(stats.inFlight, 0);
  });
}
