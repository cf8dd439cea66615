// Every key a lease writes expires: the owner key has the lease's TTL (and is deleted on
// release), the fencing key `fencingTtlMs` after the last acquisition. Fencing tokens keep
// increasing across the fencing key's expiry (they are seeded from the server clock in µs).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Leases } from '../../src/redis/Lease.js';
import { deletePrefix, ioredisClient, keysUnder, uniquePrefix } from './helpers.js';
import { waitUntil } from './lease-helpers.js';

const prefix = uniquePrefix('lease-expiry');
const io = ioredisClient();
after(async () => {
  await deletePrefix(io, prefix);
  io.disconnect();
});

test('every key written by leases has a TTL, and all of them vanish on their own', async () => {
  const leases = new Leases({ client: io, prefix, fencingTtlMs: 1_500 });
  const a = await leases.acquire('a', { ttlMs: 1_000 });
  const b = await leases.acquire(['b', '*', '{x}'], { ttlMs: 60_000 });
  assert.equal(await b.extend(1_200), true);
  const c = await leases.acquire('c', { ttlMs: 1_000, autoExtend: true });
  const keys = await keysUnder(io, prefix);
  assert.equal(keys.length, 6);
  for (const key of keys) {
    const ttl = await io.pttl(key);
    assert.ok(ttl > 0 && ttl <= 1_500, `${key} has TTL ${ttl}`);
  }
  assert.equal(await b.release(), true);
  assert.equal(await c.release(), true);
  await waitUntil(async () => (await keysUnder(io, prefix)).length === 0, 'all keys expired');
  assert.equal(a.isValid(), false);

  // The fencing key is gone; a new lease still gets a higher token.
  const again = await leases.acquire('a', { ttlMs: 200 });
  assert.ok(again.fencingToken > a.fencingToken);
  await again.release();
});

test('fencing tokens strictly increase while the fencing key lives', async () => {
  const leases = new Leases({ client: io, prefix });
  let last = 0;
  for (let i = 0; i < 20; i++) {
    const lease = await leases.acquire('seq', { ttlMs: 1_000 });
    assert.ok(lease.fencingToken > last);
    assert.ok(Number.isSafeInteger(lease.fencingToken));
    last = lease.fencingToken;
    await lease.release();
  }
  const ttl = await io.pttl(leases.redisKeys('seq').fencing);
  assert.ok(ttl > 0 && ttl <= 7 * 86_400_000);
  await io.del(leases.redisKeys('seq').fencing);
});
