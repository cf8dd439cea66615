/**
 * The naive Redis patterns raceless replaces, over plain GET / SET / DEL on one client: every
 * decision reads, then (after a round trip) writes. `window` runs between the read and the write;
 * the multi-process stress tests pass a cross-process barrier there for each process's first
 * operation, so every process reads before any process writes — the race then shows under any
 * machine load, not only when the scheduler happens to interleave.
 */
import type { Redis } from 'ioredis';

/** Runs between the naive read and the naive write (default: nothing). */
export type Window = () => Promise<void>;

const none: Window = async () => {};

/** `n = GET key; SET key n + by` — a lost update when two run at once. */
export async function naiveIncrement(
  client: Redis,
  key: string,
  by = 1,
  window: Window = none,
): Promise<void> {
  const n = Number((await client.get(key)) ?? 0);
  await window();
  await client.set(key, String(n + by), 'PX', 600_000);
}

/** Check-then-increment rate limiting: admits when the count read is below `limit`. */
export async function naiveConsume(
  client: Redis,
  key: string,
  limit: number,
  window: Window = none,
): Promise<boolean> {
  const n = Number((await client.get(key)) ?? 0);
  await window();
  if (n >= limit) return false;
  await client.set(key, String(n + 1), 'PX', 600_000);
  return true;
}

/** Register-if-absent by GET then SET: every caller that read "absent" thinks it won. */
export async function naiveRegister(
  client: Redis,
  key: string,
  owner: string,
  window: Window = none,
): Promise<boolean> {
  const current = await client.get(key);
  await window();
  if (current !== null) return false;
  await client.set(key, owner, 'PX', 600_000);
  return true;
}

/** A summary kept as two float keys (`:count`, `:sum`), each read then written. */
export async function naiveObserve(
  client: Redis,
  key: string,
  value: number,
  window: Window = none,
): Promise<void> {
  const [count, sum] = await Promise.all([client.get(`${key}:count`), client.get(`${key}:sum`)]);
  await window();
  await client.set(`${key}:count`, String(Number(count ?? 0) + 1), 'PX', 600_000);
  await client.set(`${key}:sum`, String(Number(sum ?? 0) + value), 'PX', 600_000);
}

/** Reads the naive summary (two reads). */
export async function naiveSnapshot(
  client: Redis,
  key: string,
): Promise<{ count: number; sum: number }> {
  const [count, sum] = await Promise.all([client.get(`${key}:count`), client.get(`${key}:sum`)]);
  return { count: Number(count ?? 0), sum: Number(sum ?? 0) };
}

/** Reset by read, then write zero: writes landing in between are in neither snapshot. */
export async function naiveResetSummary(
  client: Redis,
  key: string,
  window: Window = none,
): Promise<{ count: number; sum: number }> {
  const before = await naiveSnapshot(client, key);
  await window();
  await client.set(`${key}:count`, '0', 'PX', 600_000);
  await client.set(`${key}:sum`, '0', 'PX', 600_000);
  return before;
}

/** A half-open breaker's trial slots as a counter: check, then take one. */
export async function naiveTakeTrial(
  client: Redis,
  key: string,
  trials: number,
  window: Window = none,
): Promise<boolean> {
  return naiveConsume(client, key, trials, window);
}

/** A "distributed lock" by GET then SET (no NX): every caller that read "free" holds it. */
export async function naiveLock(
  client: Redis,
  key: string,
  owner: string,
  ttlMs: number,
  window: Window = none,
): Promise<boolean> {
  const current = await client.get(key);
  await window();
  if (current !== null) return false;
  await client.set(key, owner, 'PX', ttlMs);
  return true;
}
