// The store contract suite, unchanged, against RedisStore on a node-redis client (real Redis on
// 127.0.0.1:6379, server clock; the suite skips the manual-clock TTL cases for 'redis').
import { after } from 'node:test';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { deletePrefix, ioredisClient, nodeRedisClient, uniquePrefix } from '../redis/helpers.js';
import { runContract } from './suite.js';

const client = await nodeRedisClient();
const prefix = uniquePrefix('contract-node-redis');

after(async () => {
  const cleaner = ioredisClient();
  await deletePrefix(cleaner, prefix);
  cleaner.disconnect();
  await client.quit();
});

runContract({
  name: 'redis',
  async setup() {
    return { store: new RedisStore({ client, prefix }), dispose: async () => {} };
  },
});
