// A failed load caches nothing: every joined caller gets the error, the next call loads again.
// Scale: 10 joined callers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cache } from '../../src/cache/Cache.js';
import { yieldTurn } from '../naive/yieldTurn.js';

test('10 joined callers all reject with the loader error; nothing is stored; the next call reloads', async () => {
  const cache = new Cache<string>('pages', { ttlMs: 1_000 });
  let runs = 0;
  const failing = async (): Promise<string> => {
    runs++;
    await yieldTurn();
    throw new Error('db down');
  };
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, () => cache.getOrLoad('/home', failing)),
  );
  assert.equal(runs, 1);
  assert.equal(results.filter((r) => r.status === 'rejected').length, 10);
  for (const r of results) assert.equal((r as PromiseRejectedResult).reason.message, 'db down');
  assert.equal(await cache.size(), 0);
  assert.equal(await cache.has('/home'), false);
  assert.equal(await cache.getOrLoad('/home', async () => 'ok'), 'ok');
  const stats = await cache.stats();
  assert.equal(stats.loads, 2);
  assert.equal(stats.loadFailures, 1);
  assert.equal(stats.size, 1);
});

test('a synchronous throw in the loader rejects and leaves no stuck flight', async () => {
  const cache = new Cache<number>('sync-throw');
  await assert.rejects(
    cache.getOrLoad('k', () => {
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.equal((await cache.stats()).inFlight, 0);
  assert.equal(await cache.getOrLoad('k', () => 7), 7);
});

test('a caller that aborts stops waiting; the load goes on for the others and is cached', async () => {
  const cache = new Cache<number>('abort');
  const controller = new AbortController();
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const loader = async () => {
    await gate;
    return 5;
  };
  const aborted = cache.getOrLoad('k', loader, { signal: controller.signal });
  const other = cache.getOrLoad('k', loader);
  controller.abort();
  await assert.rejects(aborted, { code: 'ERR_ABORTED' });
  release();
  assert.equal(await other, 5);
  assert.equal(await cache.get('k'), 5);
});
