// A batch carries at most MAX_BATCH_DECISIONS decisions and about MAX_BATCH_ARG_BYTES of
// arguments; a single decision bigger than that goes alone. Every decision is decided once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { MAX_BATCH_ARG_BYTES, MAX_BATCH_DECISIONS } from '../../src/redis/limit-batch.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { deletePrefix, ioredisClient, uniquePrefix } from './helpers.js';
import { decisionsIn, type ScriptCall, wrapIoredis } from './limit-batch-helpers.js';

const prefix = uniquePrefix('limit-batch-bounded');
const io = ioredisClient();

after(async () => {
  await deletePrefix(io, prefix);
  io.disconnect();
});

const WINDOW = 2_000_000_000_000;
const bytes = (call: ScriptCall) =>
  [...call.keys, ...call.args].reduce((n, s) => n + Buffer.byteLength(s), 0);

test(`300 decisions of one tick go in batches of at most ${MAX_BATCH_DECISIONS}`, async () => {
  assert.equal(MAX_BATCH_DECISIONS, 128);
  const w = wrapIoredis(io);
  const store = new RedisStore({ client: w.client, prefix });
  const limiter = new RateLimiter('bounded-count', {
    store,
    algorithm: 'fixed-window',
    limit: 1_000,
    windowMs: 200_000_000_000,
  });
  const results = await Promise.all(Array.from({ length: 300 }, () => limiter.consume('k')));
  assert.deepEqual(w.calls.map(decisionsIn), [128, 128, 44]);
  assert.deepEqual(
    results.map((r) => r.remaining).sort((a, b) => b - a),
    Array.from({ length: 300 }, (_, i) => 999 - i),
  );
});

test(`decisions with long keys go in batches of about ${MAX_BATCH_ARG_BYTES} bytes`, async () => {
  const w = wrapIoredis(io);
  const store = new RedisStore({ client: w.client, prefix });
  const limiter = new RateLimiter('bounded-bytes', {
    store,
    algorithm: 'fixed-window',
    limit: 10,
    windowMs: WINDOW,
  });
  const keys = Array.from({ length: 20 }, (_, i) => `${i}-${'x'.repeat(10_000)}`);
  const huge = 'y'.repeat(3 * MAX_BATCH_ARG_BYTES);
  const results = await Promise.all([
    ...keys.map((k) => limiter.consume(k)),
    limiter.consume(huge),
    limiter.consume('short'),
  ]);
  assert.ok(results.every((r) => r.allowed && r.remaining === 9));
  const sizes = w.calls.map(decisionsIn);
  assert.equal(
    sizes.reduce((a, b) => a + b, 0),
    22,
  );
  assert.ok(w.calls.length >= 5, `${w.calls.length} calls`);
  for (const call of w.calls) {
    if (decisionsIn(call) > 1)
      assert.ok(bytes(call) <= MAX_BATCH_ARG_BYTES, `${bytes(call)} bytes`);
  }
  assert.ok(
    w.calls.some((call) => decisionsIn(call) === 1 && bytes(call) > 3 * MAX_BATCH_ARG_BYTES),
  );
});
