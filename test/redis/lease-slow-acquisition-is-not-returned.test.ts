// Validity is measured from just before the acquire was sent, on the monotonic clock: a lease
// whose acquisition reply took longer than its validity is not returned (redlock #296/#299) —
// it is given back, an `acquire-too-slow` event is published, and the wait goes on.
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { after, test } from 'node:test';
import { TimeoutError } from '../../src/errors.js';
import { type LeaseEvent, Leases } from '../../src/redis/Lease.js';
import { deletePrefix, ioredisClient, uniquePrefix } from './helpers.js';
import { FlakyClient } from './lease-helpers.js';

const prefix = uniquePrefix('lease-slow');
const io = ioredisClient();
after(async () => {
  await deletePrefix(io, prefix);
  io.disconnect();
});

test('an acquisition slower than the lease validity is not returned', async () => {
  const events: LeaseEvent[] = [];
  const onEvent = (e: unknown) => void events.push(e as LeaseEvent);
  diagnostics_channel.subscribe('raceless:lease', onEvent);
  try {
    const flaky = new FlakyClient(io);
    const leases = new Leases({ client: flaky, prefix });
    flaky.delays.push(150); // the reply of the first acquire arrives after its 50 ms TTL
    await assert.rejects(leases.acquire('job', { ttlMs: 50, timeoutMs: 0 }), TimeoutError);
    assert.ok(events.some((e) => e.event === 'acquire-too-slow'));
    const tooSlow = events.find((e) => e.event === 'acquire-too-slow')!;

    flaky.delays.push(150, 0); // slow once, then fast: the waiter gets a lease on the retry
    const lease = await leases.acquire('job', { ttlMs: 50, timeoutMs: 20_000 });
    assert.ok(lease.fencingToken > tooSlow.fencingToken!);
    assert.equal(events.filter((e) => e.event === 'acquire-too-slow').length, 2);
    await lease.release();
  } finally {
    diagnostics_channel.unsubscribe('raceless:lease', onEvent);
  }
});
