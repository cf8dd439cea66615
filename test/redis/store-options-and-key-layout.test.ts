// RedisStore's options are validated, its keys follow the documented layout (one hash tag per
// table, or one for the whole store with hashTag; table names encoded, so braces in a name
// cannot move the tag), and failures keep their meaning: typed errors from scripts on both
// clients, StoreUnavailableError when Redis cannot be reached.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import { InvalidArgumentError, NotFoundError, StoreUnavailableError } from '../../src/errors.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { Table } from '../../src/table/Table.js';
import { deletePrefix, ioredisClient, nodeRedisClient, uniquePrefix } from './helpers.js';

const client = ioredisClient();
const prefix = uniquePrefix('layout');

after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

test('keys: prefix + {encoded table} + :d/:x/:u; with hashTag every table shares one tag', () => {
  const store = new RedisStore({ client });
  assert.equal(store.prefix, 'raceless:');
  assert.deepEqual(store.redisKeys('sessions'), {
    data: 'raceless:{ssessions}:d',
    expiry: 'raceless:{ssessions}:x',
    recency: 'raceless:{ssessions}:u',
  });
  // Braces and colons in a table name are escaped by the key codec: the tag stays the name.
  assert.equal(
    new RedisStore({ client, prefix: 'app:' }).redisKeys('a{b}:c').data,
    'app:{sa%7Bb%7D%3Ac}:d',
  );
  const tagged = new RedisStore({ client, prefix: 'app:', hashTag: 'limits' });
  assert.equal(tagged.redisKeys('per-user').data, 'app:{limits}sper-user:d');
  assert.equal(tagged.redisKeys('per-route').expiry, 'app:{limits}sper-route:x');
});

test('bad options are refused naming the option', () => {
  const refused = (options: unknown, argument: string) =>
    assert.throws(
      () => new RedisStore(options as never),
      (e: InvalidArgumentError) => e instanceof InvalidArgumentError && e.argument === argument,
    );
  refused(undefined, 'options');
  refused({}, 'client');
  refused({ client: {} }, 'client');
  refused({ client, prefix: 'a{b' }, 'options.prefix');
  refused({ client, prefix: 5 }, 'options.prefix');
  refused({ client, hashTag: '' }, 'options.hashTag');
  refused({ client, hashTag: 'x}' }, 'options.hashTag');
  refused({ client, ttl: 5 }, 'options');
});

test('script errors are typed errors on node-redis too (not StoreUnavailableError)', async () => {
  const nr = await nodeRedisClient();
  try {
    const t = new Table<number>('typed', { store: new RedisStore({ client: nr, prefix }) });
    await assert.rejects(t.updateCounter('missing', 1), NotFoundError);
  } finally {
    await nr.quit();
  }
});

test('an unreachable Redis is StoreUnavailableError', async () => {
  // Port 1 on loopback: nothing listens there; no retry, no offline queue.
  const dead = new Redis({
    host: '127.0.0.1',
    port: 1,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    const t = new Table<number>('t', { store: new RedisStore({ client: dead, prefix }) });
    await assert.rejects(t.get('a'), StoreUnavailableError);
  } finally {
    dead.disconnect();
  }
});
