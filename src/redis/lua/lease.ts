/**
 * The lease scripts. Each is small and self-contained (no shared core), one atomic step on the
 * server. A lease is two keys sharing one hash tag (one cluster slot):
 * - `owner` STRING `<owner token>:<fencing token>` with PX = the lease's TTL;
 * - `fence` STRING the last fencing token issued for the name, PX = the fencing TTL (long).
 *
 * Fencing tokens: `max(last + 1, server TIME in µs)`. While the `fence` key lives, tokens grow by
 * at least 1 per acquisition whatever the clock does; after it expired (no acquisition for the
 * whole fencing TTL) or was lost, the server clock in µs is far above every token issued before
 * (it has advanced by the idle time; a lease script takes more than 1 µs, so the counter cannot
 * run ahead of the clock), so tokens stay monotonic across the key's expiry. µs since 1970 stay
 * below 2^53 until the year 2255.
 */

/**
 * Acquire. KEYS: owner, fence. ARGV: owner token, ttlMs, fencingTtlMs.
 * Reply `{1, fencing}` when acquired; `{0, pttl}` when held (pttl -1: a key without expiry).
 */
export const LEASE_ACQUIRE = `
local held = redis.call('PTTL', KEYS[1])
if held ~= -2 then return {0, tostring(held)} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local fence = (tonumber(redis.call('GET', KEYS[2]) or '0') or 0) + 1
if now > fence then fence = now end
local f = string.format('%.0f', fence)
redis.call('SET', KEYS[2], f, 'PX', ARGV[3])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. f, 'PX', ARGV[2])
return {1, f}
`;

/**
 * Extend: compare-and-set on the owner value; a missing (expired) key is never re-created.
 * KEYS: owner. ARGV: owner value, ttlMs. Reply 1 extended, 0 not the owner (or expired).
 */
export const LEASE_EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

/** Release: compare-and-delete. KEYS: owner. ARGV: owner value. Reply 1 deleted, 0 not ours. */
export const LEASE_RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;
