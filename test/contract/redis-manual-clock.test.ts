// The store contract suite, unchanged and in full (TTL, expiry-dependent capacity, clocked rate
// limits and breakers included), against RedisStore's scripts built on a manual clock: the same
// Lua, with `now` passed in instead of read from TIME, and no physical key expiry. This checks
// every time-dependent line of the Lua ports against the memory store's answers exactly.
import { after } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { manualClock, RedisStore } from '../../src/redis/RedisStore.js';
import { deletePrefix, ioredisClient, uniquePrefix } from '../redis/helpers.js';
import { runContract } from './suite.js';

const client = ioredisClient();
const prefix = uniquePrefix('contract-manual-clock');

after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

runContract({
  name: 'redis (manual clock)',
  async setup() {
    const clock = new ManualClock(1_000_000);
    const store = new RedisStore({ client, prefix, [manualClock]: clock } as never);
    return { store, clock, dispose: async () => {} };
  },
});
