/**
 * Redis clients pointed at a closed loopback port (127.0.0.1:1), configured so every call fails
 * at once (no offline queue, no retries, no reconnection): what a RateLimiter sees while Redis
 * is down.
 */
import { Redis } from 'ioredis';
import { createClient } from 'redis';

/** An ioredis client on 127.0.0.1:1 whose every command fails immediately. */
export function unreachableIoredis(): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port: 1,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {}); // ECONNREFUSED is expected
  return client;
}

/** A node-redis client on 127.0.0.1:1 whose connection failed: every command fails at once. */
export async function unreachableNodeRedis() {
  const client = createClient({
    socket: { host: '127.0.0.1', port: 1, reconnectStrategy: false },
    disableOfflineQueue: true,
  });
  client.on('error', () => {});
  await client.connect().catch(() => {});
  return client;
}
