// On a manual clock (test build) a decision is decided at the time it was issued: decisions issued
// at different times never share a batch (a batch has one `now`), those issued at the same time do.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { manualClock, RedisStore } from '../../src/redis/RedisStore.js';
import type { LimitRequest } from '../../src/store/contract.js';
import { deletePrefix, ioredisClient, uniquePrefix } from './helpers.js';
import { decisionsIn, wrapIoredis } from './limit-batch-helpers.js';

const prefix = uniquePrefix('limit-batch-issue-time');
const io = ioredisClient();

after(async () => {
  await deletePrefix(io, prefix);
  io.disconnect();
});

test('a decision issued after the clock moved is decided at its own time', async () => {
  const start = 1_700_000_000_000;
  const clock = new ManualClock(start);
  const w = wrapIoredis(io);
  const store = new RedisStore({ client: w.client, prefix, [manualClock]: clock } as never);
  const consume: LimitRequest = {
    op: 'consume',
    items: [
      {
        table: 'issue',
        key: 'sk',
        rule: { algorithm: 'fixed-window', limit: 1, windowMs: 1_000 },
        cost: 1,
      },
    ],
  };
  const a = store.rateLimit(consume);
  clock.advance(1_000);
  const b = store.rateLimit(consume);
  const c = store.rateLimit(consume);
  const [ra, rb, rc] = await Promise.all([a, b, c]);
  assert.equal(ra.nowMs, start);
  assert.equal(ra.allowed, true);
  assert.equal(rb.nowMs, start + 1_000);
  assert.equal(rb.allowed, true);
  assert.equal(rc.nowMs, start + 1_000);
  assert.equal(rc.allowed, false);
  assert.deepEqual(w.calls.map(decisionsIn), [1, 2]);
  assert.deepEqual(
    w.calls.map((call) => call.args[0]),
    [String(start), String(start + 1_000)],
  );
});
