/**
 * Shared helpers of the Redis tests: loopback Redis on 127.0.0.1:6379, a unique key prefix per
 * test file, and teardown by SCAN + DEL of that prefix only (never FLUSHDB).
 */
import { Redis } from 'ioredis';
import { createClient } from 'redis';

export const REDIS_URL = 'redis://127.0.0.1:6379';

let seq = 0;

/** A key prefix no other test run uses. */
export function uniquePrefix(label: string): string {
  return `raceless-test:${process.pid}:${Date.now()}:${label}:${++seq}:`;
}

/** A new ioredis client on the loopback Redis. */
export function ioredisClient(): Redis {
  return new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
}

/** A new, connected node-redis client on the loopback Redis. */
export async function nodeRedisClient() {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  return client;
}

/** Deletes every key under `prefix` (SCAN + DEL; test teardown only). */
export async function deletePrefix(client: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) n += await client.del(...keys);
  } while (cursor !== '0');
  return n;
}

/** Every key under `prefix` (tests only). */
export async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  let cursor = '0';
  const out: string[] = [];
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out.sort();
}
