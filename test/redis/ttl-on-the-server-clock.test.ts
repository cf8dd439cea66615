// TTLs on Redis run on the server's clock (TIME inside each script), in real time: short TTLs,
// polled with a bound, never asserting how long anything took.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { Table } from '../../src/table/Table.js';
import { deletePrefix, ioredisClient, uniquePrefix } from './helpers.js';

const client = ioredisClient();
const prefix = uniquePrefix('ttl');
const store = new RedisStore({ client, prefix });
let seq = 0;
const table = <V extends number | string | { n: number }>(options = {}) =>
  new Table<V>(`ttl-${++seq}`, { store, ...options });

after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

/** Polls `check` until it returns true; fails after `limitMs` (a bound, not a timing assertion). */
async function eventually(check: () => Promise<boolean>, limitMs = 5_000): Promise<void> {
  const stop = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > stop) assert.fail('condition not reached within the bound');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('an entry with a TTL is live, then gone: get, has, size, entries, take all agree', async () => {
  const t = table<number>();
  await t.set('short', 1, { ttlMs: 100 });
  await t.set('forever', 2);
  assert.equal(await t.get('short'), 1); // just written: its TTL has not passed
  await eventually(async () => (await t.get('short')) === undefined);
  assert.equal(await t.has('short'), false);
  assert.equal(await t.size(), 1);
  const seen: unknown[] = [];
  for await (const [k] of t.entries()) seen.push(k);
  assert.deepEqual(seen, ['forever']);
  assert.equal(await t.take('short'), undefined);
  assert.equal(await t.compareAndSet('short', 1, 5), false);
  assert.equal(await t.selectDelete({ value: true, eq: 1 }), 0);
});

test('insertNew succeeds over an expired entry (a lock whose holder vanished)', async () => {
  const t = table<string>();
  assert.equal(await t.insertNew('lock', 'a', { ttlMs: 50 }), true);
  assert.equal(await t.insertNew('lock', 'b', { ttlMs: 50 }), false);
  await eventually(() => t.insertNew('lock', 'b', { ttlMs: 5_000 }));
  assert.equal(await t.get('lock'), 'b');
});

test('updateCounter with a default and ttlMs opens a window that ends on its own', async () => {
  const t = table<number>();
  assert.equal(await t.updateCounter('w', 1, { default: 0, ttlMs: 100 }), 1);
  assert.equal(await t.updateCounter('w', 1, { default: 0, ttlMs: 100 }), 2); // same window
  await eventually(async () => (await t.get('w')) === undefined);
  assert.equal(await t.updateCounter('w', 1, { default: 0, ttlMs: 100 }), 1); // a new window
});

test('set without ttlMs removes the expiry; compareAndSet keeps it unless given one', async () => {
  const t = table<number>();
  await t.set('a', 1, { ttlMs: 100 });
  await t.set('a', 2); // no TTL any more
  await t.set('b', 1, { ttlMs: 100 });
  assert.equal(await t.compareAndSet('b', 1, 2), true); // keeps the 100 ms expiry
  await eventually(async () => (await t.get('b')) === undefined);
  assert.equal(await t.get('a'), 2);
});

test('expired entries do not count against maxEntries', async () => {
  const t = table<number>({ maxEntries: 2 });
  await t.set('a', 1, { ttlMs: 50 });
  await t.set('b', 1, { ttlMs: 50 });
  await eventually(async () => (await t.size()) === 0);
  await t.set('c', 1);
  await t.set('d', 1);
  assert.equal(await t.size(), 2);
});

test('a rate-limit window on the server clock ends and admits again', async () => {
  const h = store;
  const rule = { algorithm: 'fixed-window' as const, limit: 1, windowMs: 100 };
  // Windows are aligned to multiples of 100 ms of the server clock: when one ends between the
  // two calls, the second is rightly admitted; start again on a fresh key until both calls land
  // in one window.
  let item: { table: string; key: string; rule: typeof rule; cost: number };
  let first: Awaited<ReturnType<typeof h.rateLimit>>;
  let rejected: Awaited<ReturnType<typeof h.rateLimit>>;
  do {
    item = { table: `ttl-limit-${++seq}`, key: 'sk', rule, cost: 1 };
    first = await h.rateLimit({ op: 'consume', items: [item] });
    assert.equal(first.allowed, true);
    rejected = await h.rateLimit({ op: 'consume', items: [item] });
  } while (Math.floor(first.nowMs / 100) !== Math.floor(rejected.nowMs / 100));
  assert.equal(rejected.allowed, false);
  assert.ok(rejected.items[0]!.retryAfterMs > 0 && rejected.items[0]!.retryAfterMs <= 100);
  assert.equal(rejected.items[0]!.resetAtMs, rejected.nowMs + rejected.items[0]!.retryAfterMs);
  await eventually(async () => (await h.rateLimit({ op: 'consume', items: [item] })).allowed);
});
