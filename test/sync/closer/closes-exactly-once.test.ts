// S12: concurrent and repeated close → the resource is closed exactly once; all callers share
// one promise. Scale: 10 concurrent close calls plus 1 late one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closer } from '../../../src/sync/closer.js';
import { NaiveCleanup } from '../../naive/naiveCleanup.js';

test('10 concurrent closes run the release once and share its promise', async () => {
  let closes = 0;
  const close = closer(async () => {
    closes++;
    await Promise.resolve();
  });
  assert.equal(close.called, false);
  const calls = Array.from({ length: 10 }, () => close());
  assert.equal(new Set(calls).size, 1);
  await Promise.all(calls);
  await close();
  assert.equal(closes, 1);
  assert.equal(close.called, true);
});

test('a failing release rejects every caller and is not retried', async () => {
  let closes = 0;
  const close = closer(() => {
    closes++;
    throw new Error('EADDRINUSE');
  });
  await assert.rejects(close(), /EADDRINUSE/);
  await assert.rejects(close(), /EADDRINUSE/);
  assert.equal(closes, 1);
});

test('a re-entrant call from inside the release shares the promise', async () => {
  let closes = 0;
  let inner: Promise<void> | undefined;
  const close = closer(() => {
    closes++;
    inner = close();
  });
  await close();
  await inner;
  assert.equal(closes, 1);
});

test('naive check-await-clear cleanup closes twice', async () => {
  const naive = new NaiveCleanup();
  await Promise.all(Array.from({ length: 10 }, () => naive.cleanup()));
  assert.equal(naive.closes, 10);
});
