// release is compare-and-delete on the owner token: a holder whose lease expired (and was taken
// by someone else) releases nothing. The naive release (DEL key) frees the new holder's lock.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Leases } from '../../src/redis/Lease.js';
import { deletePrefix, ioredisClient, nodeRedisClient, uniquePrefix } from './helpers.js';
import { waitUntil } from './lease-helpers.js';

const prefix = uniquePrefix('lease-release');
const io = ioredisClient();
const nr = await nodeRedisClient();
after(async () => {
  await deletePrefix(io, prefix);
  io.disconnect();
  await nr.quit();
});

test('a release by a non-owner does nothing; the naive DEL frees the new holder`s lock', async () => {
  const a = new Leases({ client: io, prefix });
  const b = new Leases({ client: nr, prefix });
  const { owner } = a.redisKeys('job');
  const stale = await a.acquire('job', { ttlMs: 50 });
  await waitUntil(async () => (await io.exists(owner)) === 0, 'expiry');
  const current = await b.acquire('job', { ttlMs: 60_000 });
  const value = await io.get(owner);
  assert.equal(await stale.release(), false);
  assert.equal(await io.get(owner), value);
  assert.ok(current.isValid());
  // Releasing twice is harmless; the second call is a no-op.
  assert.equal(await current.release(), true);
  assert.equal(await current.release(), false);
  assert.equal(await io.exists(owner), 0);

  // Naive: SET NX as the lock, DEL as the release.
  const naiveKey = `${prefix}naive:lock`;
  await io.set(naiveKey, 'A', 'PX', 50, 'NX');
  await waitUntil(async () => (await io.exists(naiveKey)) === 0, 'naive expiry');
  assert.equal(await io.set(naiveKey, 'B', 'PX', 60_000, 'NX'), 'OK');
  await io.del(naiveKey); // A's late release
  assert.equal(await io.get(naiveKey), null, 'the naive release deleted B`s lock');
});
