// extend is compare-and-set on the owner token: after the lease expired it answers false and
// never re-creates the key (redis-semaphore #175) — both when the holder's own validity ran out
// and when the key vanished on the server while the holder still thought it valid. The naive
// extend (SET key token PX ttl) re-creates a lease that someone else may already hold.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { type LeaseLostError, Leases } from '../../src/redis/Lease.js';
import { deletePrefix, ioredisClient, uniquePrefix } from './helpers.js';
import { waitUntil } from './lease-helpers.js';

const prefix = uniquePrefix('lease-extend');
const io = ioredisClient();
after(async () => {
  await deletePrefix(io, prefix);
  io.disconnect();
});

test('extend after expiry is refused and does not re-create the key', async () => {
  const leases = new Leases({ client: io, prefix });
  const { owner } = leases.redisKeys('job');
  const lease = await leases.acquire('job', { ttlMs: 50 });
  assert.equal(await lease.extend(), true);
  await waitUntil(async () => (await io.exists(owner)) === 0, 'expiry');
  assert.equal(await lease.extend(), false);
  assert.equal(await io.exists(owner), 0);
  assert.equal(lease.signal.aborted, true);
  assert.equal((lease.signal.reason as LeaseLostError).reason, 'expired');
});

test('extend of a key that vanished on the server is refused by the script and re-creates nothing', async () => {
  const leases = new Leases({ client: io, prefix });
  const { owner } = leases.redisKeys('job-2');
  const lease = await leases.acquire('job-2', { ttlMs: 60_000 });
  await io.del(owner); // e.g. lost in a failover, or evicted
  assert.equal(lease.isValid(), true); // locally it still looks valid
  assert.equal(await lease.extend(), false);
  assert.equal(await io.exists(owner), 0);
  assert.equal((lease.signal.reason as LeaseLostError).reason, 'extend-refused');

  // Naive extend: SET key token PX ttl re-creates it.
  const naiveKey = `${prefix}naive:lock`;
  await io.set(naiveKey, 'me', 'PX', 50);
  await waitUntil(async () => (await io.exists(naiveKey)) === 0, 'naive expiry');
  await io.set(naiveKey, 'me', 'PX', 60_000); // the naive "extend"
  assert.equal(await io.exists(naiveKey), 1, 'the naive extend re-created an expired lock');
});

test('extend of another holder`s lease is refused and leaves it alone', async () => {
  const leases = new Leases({ client: io, prefix });
  const old = await leases.acquire('job-3', { ttlMs: 50 });
  await waitUntil(async () => (await io.exists(leases.redisKeys('job-3').owner)) === 0, 'expiry');
  const current = await leases.acquire('job-3', { ttlMs: 60_000 });
  const ttlBefore = await io.pttl(leases.redisKeys('job-3').owner);
  assert.equal(await old.extend(1_000_000), false);
  assert.ok((await io.pttl(leases.redisKeys('job-3').owner)) <= ttlBefore);
  assert.ok(current.isValid());
  await current.release();
});
