// withLease extends at ttl/3 while fn runs and aborts fn's signal when the lease is lost: an
// extension refused (the key vanished), or Redis unreachable until the validity ran out. Loss
// is reported through the signal and a `raceless:lease` event — never an unhandled error.
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { after, test } from 'node:test';
import { type LeaseEvent, type LeaseLostError, Leases } from '../../src/redis/Lease.js';
import { deletePrefix, ioredisClient, uniquePrefix } from './helpers.js';
import { FlakyClient, waitUntil } from './lease-helpers.js';

const prefix = uniquePrefix('lease-loss');
const io = ioredisClient();
const events: LeaseEvent[] = [];
const onEvent = (e: unknown) => void events.push(e as LeaseEvent);
diagnostics_channel.subscribe('raceless:lease', onEvent);
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => void unhandled.push(e);
process.on('unhandledRejection', onUnhandled);
process.on('uncaughtException', onUnhandled);
after(async () => {
  diagnostics_channel.unsubscribe('raceless:lease', onEvent);
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await deletePrefix(io, prefix);
  io.disconnect();
});

test('auto-extension keeps the lease past its TTL, and fn`s signal aborts when an extension is refused', async () => {
  const leases = new Leases({ client: io, prefix });
  const { owner } = leases.redisKeys('job');
  const result = await leases.withLease(
    'job',
    async (signal, lease) => {
      const first = await io.pttl(owner);
      // Wait until at least two extensions happened (seen as the TTL going back up).
      let extensions = 0;
      let last = first;
      await waitUntil(async () => {
        const ttl = await io.pttl(owner);
        if (ttl > last) extensions++;
        last = ttl;
        return extensions >= 2;
      }, 'two extensions');
      assert.equal(signal.aborted, false);
      assert.ok(lease.isValid());
      await io.del(owner); // the lease vanishes on the server
      await waitUntil(() => signal.aborted, 'signal aborted');
      return (signal.reason as LeaseLostError).reason;
    },
    { ttlMs: 600 },
  );
  assert.equal(result, 'extend-refused');
  assert.ok(events.some((e) => e.event === 'extended'));
  assert.ok(events.some((e) => e.event === 'lost' && e.reason === 'extend-refused'));
  assert.deepEqual(unhandled, []);
});

test('Redis unreachable during auto-extension: extend-failed events, then the lease expires and the signal aborts', async () => {
  const flaky = new FlakyClient(io);
  const leases = new Leases({ client: flaky, prefix });
  events.length = 0;
  const reason = await leases.withLease(
    'job-2',
    async (signal) => {
      flaky.broken = true;
      await waitUntil(() => signal.aborted, 'signal aborted');
      return (signal.reason as LeaseLostError).reason;
    },
    { ttlMs: 300 },
  );
  assert.equal(reason, 'expired');
  assert.ok(events.some((e) => e.event === 'extend-failed'));
  assert.ok(events.some((e) => e.event === 'lost' && e.reason === 'expired'));
  assert.deepEqual(unhandled, []); // the failed release in withLease is not an error either
});

test('a lease nobody extends ends by its own expiry timer: signal aborted, event published', async () => {
  const leases = new Leases({ client: io, prefix });
  events.length = 0;
  const lease = await leases.acquire('job-3', { ttlMs: 50 });
  await waitUntil(() => lease.signal.aborted, 'signal aborted');
  assert.equal((lease.signal.reason as LeaseLostError).reason, 'expired');
  assert.ok(events.some((e) => e.event === 'lost' && e.reason === 'expired'));
  assert.deepEqual(unhandled, []);
});
