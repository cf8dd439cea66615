// A paused holder cannot corrupt the resource: holder A acquires `job` (TTL 150 ms) and
// "pauses" (does nothing) until the lease has expired on Redis (polled); holder B, on another
// client, then acquires it with a higher fencing token and writes. When A resumes, its write
// carries the older token and the resource's FencingGuard refuses it. The same story without
// fencing (the resource accepts every write) lets A's stale write overwrite B's.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  FencingGuard,
  type LeaseLostError,
  Leases,
  StaleFencingTokenError,
} from '../../src/redis/Lease.js';
import { deletePrefix, ioredisClient, nodeRedisClient, uniquePrefix } from './helpers.js';
import { waitUntil } from './lease-helpers.js';

const prefix = uniquePrefix('lease-fencing');
const io = ioredisClient();
const nr = await nodeRedisClient();
after(async () => {
  await deletePrefix(io, prefix);
  io.disconnect();
  await nr.quit();
});

test('a paused holder whose lease expired is refused by the resource; without fencing its stale write wins', async () => {
  const a = new Leases({ client: io, prefix });
  const b = new Leases({ client: nr, prefix });
  const guard = new FencingGuard();
  let stored = '';

  const leaseA = await a.acquire('job', { ttlMs: 150 });
  await guard.run(leaseA.fencingToken, () => {
    stored = 'A: first write';
  });
  // A pauses. Its lease expires on the server (polled, not slept for).
  await waitUntil(async () => (await io.exists(a.redisKeys('job').owner)) === 0, 'expiry');
  const leaseB = await b.acquire('job', { ttlMs: 10_000, timeoutMs: 10_000 });
  assert.ok(leaseB.fencingToken > leaseA.fencingToken);
  await guard.run(leaseB.fencingToken, () => {
    stored = 'B: fresh write';
  });
  // A resumes and writes as if it still held the lease.
  await assert.rejects(
    guard.run(leaseA.fencingToken, () => {
      stored = 'A: stale write';
    }),
    (e) => e instanceof StaleFencingTokenError && e.highest === leaseB.fencingToken,
  );
  assert.equal(stored, 'B: fresh write');
  assert.equal(guard.refused, 1);
  assert.equal(guard.highest, leaseB.fencingToken);
  // A's lease also knows it is over (its validity ran out), without throwing anywhere.
  assert.equal(leaseA.isValid(), false);
  await waitUntil(() => leaseA.signal.aborted, 'A signal');
  assert.equal((leaseA.signal.reason as LeaseLostError).reason, 'expired');
  assert.equal(await leaseA.extend(), false);
  assert.equal(await leaseA.release(), false); // B's lease is untouched
  assert.ok(leaseB.isValid());
  assert.equal(await leaseB.release(), true);

  // Naive: the same interleaving, the resource accepts whatever comes.
  let naiveStored = '';
  const naiveA = await a.acquire('naive-job', { ttlMs: 150 });
  naiveStored = 'A: first write';
  await waitUntil(async () => (await io.exists(a.redisKeys('naive-job').owner)) === 0, 'expiry');
  const naiveB = await b.acquire('naive-job', { ttlMs: 10_000, timeoutMs: 10_000 });
  naiveStored = 'B: fresh write';
  naiveStored = 'A: stale write'; // A resumes: nothing stops it
  assert.equal(naiveStored, 'A: stale write', 'without fencing the stale write wins');
  await naiveA.release();
  await naiveB.release();
});

test('FencingGuard accepts equal and higher tokens, refuses lower ones, and validates', () => {
  const guard = new FencingGuard();
  assert.equal(guard.accept(5), true);
  assert.equal(guard.accept(5), true);
  assert.equal(guard.accept(4), false);
  assert.equal(guard.accept(9), true);
  assert.equal(guard.highest, 9);
  assert.equal(guard.refused, 1);
  assert.throws(() => guard.accept(0), RangeError);
  assert.throws(() => guard.accept(Number.NaN), RangeError);
});
