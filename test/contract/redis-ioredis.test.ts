// The store contract suite, unchanged, against RedisStore on an ioredis client (real Redis on
// 127.0.0.1:6379, server clock; the suite skips the manual-clock TTL cases for 'redis').
import { after } from 'node:test';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { deletePrefix, ioredisClient, uniquePrefix } from '../redis/helpers.js';
import { runContract } from './suite.js';

const client = ioredisClient();
const prefix = uniquePrefix('contract-ioredis');

after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

runContract({
  name: 'redis',
  async setup() {
    return { store: new RedisStore({ client, prefix }), dispose: async () => {} };
  },
});
