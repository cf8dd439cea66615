// Nothing is left behind in Redis: a table whose entries all have a TTL carries a PEXPIREAT at
// the latest expiry (so it vanishes even if nobody touches it again); an entry without TTL makes
// the table's keys persist; an emptied table leaves no key; every rate-limit key has a TTL.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { Table } from '../../src/table/Table.js';
import { deletePrefix, ioredisClient, keysUnder, uniquePrefix } from './helpers.js';

const client = ioredisClient();
let seq = 0;
const prefixes: string[] = [];
function fresh() {
  const prefix = uniquePrefix(`leak-${++seq}`);
  prefixes.push(prefix);
  return { prefix, store: new RedisStore({ client, prefix }) };
}

after(async () => {
  for (const p of prefixes) await deletePrefix(client, p);
  client.disconnect();
});

async function ttls(prefix: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const k of await keysUnder(client, prefix))
    out[k.slice(prefix.length)] = await client.pttl(k);
  return out;
}

test('when every entry has a TTL the table keys expire with the last one; one without TTL persists them', async () => {
  const { prefix, store } = fresh();
  const t = new Table<number>('sessions', { store });
  await t.set('a', 1, { ttlMs: 60_000 });
  await t.set('b', 1, { ttlMs: 120_000 });
  let k = await ttls(prefix);
  assert.deepEqual(Object.keys(k), ['{ssessions}:d', '{ssessions}:x']);
  for (const ms of Object.values(k)) assert.ok(ms > 60_000 && ms <= 120_000, `pttl ${ms}`);
  await t.set('c', 1); // no TTL: the table must outlive every expiry
  k = await ttls(prefix);
  assert.deepEqual(k, { '{ssessions}:d': -1, '{ssessions}:x': -1 });
  await t.delete('c'); // every remaining entry has a TTL again
  for (const ms of Object.values(await ttls(prefix))) assert.ok(ms > 60_000, `pttl ${ms}`);
});

test('a table whose entries have all expired disappears from Redis by itself', async () => {
  const { prefix, store } = fresh();
  const t = new Table<number>('short', { store, maxEntries: 10, evict: 'lru' });
  await t.set('a', 1, { ttlMs: 50 });
  await t.get('a'); // creates the recency key too
  assert.equal((await keysUnder(client, prefix)).length, 3);
  const stop = Date.now() + 5_000;
  while ((await keysUnder(client, prefix)).length > 0) {
    assert.ok(Date.now() < stop, 'keys still there');
    await new Promise((r) => setTimeout(r, 20));
  }
});

test('deleting, taking or clearing the last entry leaves no key', async () => {
  const { prefix, store } = fresh();
  const t = new Table<number>('t', { store, maxEntries: 5, evict: 'lru' });
  await t.set('a', 1);
  await t.set('b', 1, { ttlMs: 60_000 });
  await t.delete('a');
  await t.take('b');
  assert.deepEqual(await keysUnder(client, prefix), []);
  await t.setMany([
    ['x', 1],
    ['y', 2],
  ]);
  await t.clear();
  assert.deepEqual(await keysUnder(client, prefix), []);
});

test('every key a rate limit writes has a TTL, including refunds and blocks', async () => {
  const { prefix, store } = fresh();
  for (const algorithm of ['fixed-window', 'sliding-window', 'token-bucket', 'gcra'] as const) {
    const rule = { algorithm, limit: 2, windowMs: 30_000, blockAfter: 1, blockMs: 60_000 };
    const item = (key: string) => ({ table: `limit-${algorithm}`, key, rule, cost: 1 });
    await store.rateLimit({ op: 'consume', items: [item('a')] });
    await store.rateLimit({ op: 'consume', items: [item('b'), item('b'), item('b')] });
    await store.rateLimit({ op: 'refund', items: [item('c')] });
    await store.rateLimit({ op: 'block', items: [item('d')], blockMs: 90_000 });
  }
  const k = await ttls(prefix);
  assert.equal(Object.keys(k).length, 8);
  for (const [key, ms] of Object.entries(k)) assert.ok(ms > 0 && ms <= 90_000, `${key}: ${ms}`);
});

test('an isolated breaker persists (a manual hold-open); a closed one expires after idleTtlMs', async () => {
  const { prefix, store } = fresh();
  const rule = {
    consecutiveFailures: 2,
    failureRatio: 0,
    ratioWindowMs: 60_000,
    minimumCalls: 10,
    halfOpenTrials: 1,
    trialTimeoutMs: 5_000,
    openMs: 1_000,
    maxOpenMs: 8_000,
    backoffMultiplier: 2,
    idleTtlMs: 600_000,
  };
  await store.breaker('breakers', 'sa', { op: 'admit', token: 't' }, rule);
  for (const ms of Object.values(await ttls(prefix))) assert.ok(ms > 0 && ms <= 600_000);
  await store.breaker('breakers', 'sb', { op: 'isolate' }, rule);
  for (const ms of Object.values(await ttls(prefix))) assert.equal(ms, -1);
});
