/**
 * Seed 004 #3: a TTL cache written as check-then-act. `getOrLoad` checks, awaits the loader and
 * sets (every concurrent miss loads); `get` checks `has`, yields (an await on the way, as a
 * lookup followed by `lookup_element` did) and dereferences — it throws when a concurrent delete
 * or expiry lands in between; expiry reads the entry, yields, then deletes by key — removing a
 * fresh value a concurrent put just wrote.
 */
import { yieldTurn } from './yieldTurn.js';

interface Slot<V> {
  value: V;
  expiresAt: number;
}

export class NaiveTtlCache<V> {
  readonly map = new Map<string, Slot<V>>();
  constructor(readonly now: () => number) {}

  async set(key: string, value: V, ttlMs: number): Promise<void> {
    this.map.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async get(key: string): Promise<V | undefined> {
    if (!this.map.has(key)) return undefined;
    await yieldTurn();
    const slot = this.map.get(key)!;
    // Throws TypeError when the entry vanished between the check and the read.
    return slot.value;
  }

  /** Deletes `key` if it looked expired when checked (check, then delete by key). */
  async expire(key: string): Promise<boolean> {
    const slot = this.map.get(key);
    if (slot === undefined || slot.expiresAt > this.now()) return false;
    await yieldTurn();
    return this.map.delete(key);
  }

  async getOrLoad(key: string, loader: () => Promise<V>, ttlMs: number): Promise<V> {
    const slot = this.map.get(key);
    if (slot !== undefined && slot.expiresAt > this.now()) return slot.value;
    const value = await loader();
    this.map.set(key, { value, expiresAt: this.now() + ttlMs });
    return value;
  }
}
