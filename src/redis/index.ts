/**
 * `raceless/redis` — the Redis backend: {@link RedisStore} implements the whole store contract,
 * each operation one Lua script on the server's clock, so every process and machine sharing the
 * Redis (or Valkey, or Redis Cluster) shares tables, rate limits and breakers race-free.
 * Redis clients are peers: pass the ioredis or node-redis client you already have.
 */
export type { ScriptReply, ScriptRunner } from './adapter.js';
export { LuaScript, scriptRunner } from './adapter.js';
export type {
  AcquireOptions,
  LeaseEndReason,
  LeaseEvent,
  LeaseKeys,
  LeasesOptions,
} from './Lease.js';
export {
  FencingGuard,
  Lease,
  LeaseLostError,
  Leases,
  leaseChannel,
  StaleFencingTokenError,
} from './Lease.js';
export type { RedisStoreOptions, RedisTableKeys } from './RedisStore.js';
export { RedisStore } from './RedisStore.js';
