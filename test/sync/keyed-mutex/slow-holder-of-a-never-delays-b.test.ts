// S19: a slow holder of key A never delays key B.
// Scale: 1 slow holder of A (never finishes until told), 10 calls for B.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedMutex } from '../../../src/sync/KeyedMutex.js';
import { SerialisingServer } from '../../naive/serialisingServer.js';
import { flush, gate } from '../helpers.js';

interface Locks {
  runExclusive<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

async function bDoneWhileAHolds(locks: Locks): Promise<number> {
  const slow = gate();
  const a = locks.runExclusive('A', () => slow.promise);
  let bDone = 0;
  const bs = Array.from({ length: 10 }, () => locks.runExclusive('B', async () => void bDone++));
  await flush();
  const seen = bDone;
  slow.resolve();
  await Promise.all([a, ...bs]);
  return seen;
}

test('all 10 B calls complete while A is still held', async () => {
  assert.equal(await bDoneWhileAHolds(new KeyedMutex<string>()), 10);
});

test('naive serialising server: B waits behind the slow A', async () => {
  const server = new SerialisingServer();
  assert.equal(await bDoneWhileAHolds({ runExclusive: (k, fn) => server.call(k, fn) }), 0);
});
