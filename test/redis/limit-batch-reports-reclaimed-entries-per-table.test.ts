// The batch script reclaims expired entries of the tables it writes (up to 16 per decision that
// wrote there) and reports them per table on the `raceless:table` channel (`expired`, with the
// count) — also for a request over several tables. Manual clock (test build).
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { after, test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { manualClock, RedisStore } from '../../src/redis/RedisStore.js';
import type { LimitItem, LimitRule } from '../../src/store/contract.js';
import { deletePrefix, ioredisClient, uniquePrefix } from './helpers.js';

const client = ioredisClient();
const prefix = uniquePrefix('limit-batch-reclaim');
const events: Array<{ table: string; event: string; count?: number }> = [];
const onEvent = (message: unknown) => events.push(message as (typeof events)[number]);
diagnostics_channel.subscribe('raceless:table', onEvent);

after(async () => {
  diagnostics_channel.unsubscribe('raceless:table', onEvent);
  await deletePrefix(client, prefix);
  client.disconnect();
});

test('expired entries reclaimed by a batch are reported per table', async () => {
  const clock = new ManualClock(1_700_000_000_000);
  const store = new RedisStore({
    client,
    prefix,
    hashTag: 'reclaim',
    [manualClock]: clock,
  } as never);
  const rule: LimitRule = { algorithm: 'fixed-window', limit: 5, windowMs: 10 };
  const item = (table: string, key: string): LimitItem => ({ table, key, rule, cost: 1 });
  await Promise.all([
    ...['sa', 'sb', 'sc'].map((k) => store.rateLimit({ op: 'consume', items: [item('one', k)] })),
    ...['sa', 'sb'].map((k) => store.rateLimit({ op: 'consume', items: [item('two', k)] })),
  ]);
  assert.equal(await store.size('one'), 3);
  clock.advance(1_000);
  events.length = 0;
  const [both] = await Promise.all([
    store.rateLimit({ op: 'consume', items: [item('one', 'snew'), item('two', 'snew')] }),
    store.rateLimit({ op: 'consume', items: [item('one', 'sother')] }),
  ]);
  assert.equal(both.allowed, true);
  const expired = events
    .filter((e) => e.event === 'expired')
    .sort((a, b) => a.table.localeCompare(b.table));
  assert.deepEqual(expired, [
    { table: 'one', event: 'expired', count: 3 },
    { table: 'two', event: 'expired', count: 2 },
  ]);
  assert.equal(await client.hlen(store.redisKeys('one').data), 2);
  assert.equal(await client.hlen(store.redisKeys('two').data), 1);
});
