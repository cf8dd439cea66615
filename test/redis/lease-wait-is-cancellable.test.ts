// Waiting for a held lease polls with backoff (no pub/sub) and is cancellable: timeoutMs →
// TimeoutError, signal → AbortedError, timeoutMs 0 → only if free now; a waiter gets the lease
// after the holder releases it, or after it expires. Bad arguments are refused.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { AbortedError, TimeoutError } from '../../src/errors.js';
import { Leases } from '../../src/redis/Lease.js';
import { deletePrefix, ioredisClient, uniquePrefix } from './helpers.js';
import { FlakyClient } from './lease-helpers.js';

const prefix = uniquePrefix('lease-wait');
const io = ioredisClient();
after(async () => {
  await deletePrefix(io, prefix);
  io.disconnect();
});

test('a wait ends by timeout, by abort, or with the lease once it is free', async () => {
  const leases = new Leases({ client: io, prefix, retryDelayMs: 5, maxRetryDelayMs: 20 });
  const holder = await leases.acquire('job', { ttlMs: 60_000 });
  await assert.rejects(leases.acquire('job', { ttlMs: 1_000, timeoutMs: 0 }), TimeoutError);
  assert.equal(await leases.tryAcquire('job', { ttlMs: 1_000 }), undefined);
  await assert.rejects(leases.acquire('job', { ttlMs: 1_000, timeoutMs: 50 }), TimeoutError);
  const controller = new AbortController();
  const waiting = leases.acquire('job', { ttlMs: 1_000, signal: controller.signal });
  setTimeout(() => controller.abort(new Error('shutdown')), 30);
  await assert.rejects(waiting, (e) => e instanceof AbortedError);

  const next = leases.acquire('job', { ttlMs: 1_000, timeoutMs: 20_000 });
  setTimeout(() => void holder.release(), 30);
  const lease = await next;
  assert.ok(lease.fencingToken > holder.fencingToken);
  await lease.release();

  // The holder's TTL bounds the wait even without a release.
  const short = await leases.acquire('job', { ttlMs: 60 });
  const after = await leases.acquire('job', { ttlMs: 1_000, timeoutMs: 20_000 });
  assert.ok(after.fencingToken > short.fencingToken);
  await after.release();
});

test('an already-aborted signal sends nothing; bad arguments are refused', async () => {
  const flaky = new FlakyClient(io);
  const leases = new Leases({ client: flaky, prefix });
  await assert.rejects(
    leases.acquire('job', { ttlMs: 1_000, signal: AbortSignal.abort() }),
    AbortedError,
  );
  assert.equal(flaky.calls, 0);
  await assert.rejects(leases.acquire('job', { ttlMs: 0 }), RangeError);
  await assert.rejects(leases.acquire('job', { ttlMs: 5 }), RangeError);
  await assert.rejects(leases.acquire('job', { ttlMs: 1.5 }), RangeError);
  await assert.rejects(leases.acquire('job', { ttlMs: 100, timeoutMs: -1 }), RangeError);
  await assert.rejects(leases.acquire('job', { ttl: 100 } as never), TypeError);
  await assert.rejects(leases.acquire(Number.NaN, { ttlMs: 100 }), RangeError);
  assert.throws(() => new Leases({ client: io, prefix: '{x}' }), TypeError);
  assert.throws(() => new Leases({ client: {} }), TypeError);
  assert.equal(flaky.calls, 0);
});
