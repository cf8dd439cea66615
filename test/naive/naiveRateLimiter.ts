/**
 * Rate limiting as the seeds wrote it before their fixes: read the count, await, decide, write
 * (seed 000 #2, 004 #2 — check-then-increment). Every step is a separate store call, so
 * concurrent attempts all read the same count and all pass. The window is fixed, the count lives
 * in a Table entry; `violations` is the seed 000 #1 counter (read-modify-write).
 */
import type { Key } from '../../src/keys.js';
import type { MemoryStore } from '../../src/store/memory.js';
import { Table } from '../../src/table/Table.js';

export class NaiveRateLimiter {
  readonly counts: Table<{ w: number; n: number }>;
  readonly violations: Table<number>;
  blockedEvents = 0;

  constructor(
    name: string,
    store: MemoryStore,
    readonly limit: number,
    readonly windowMs: number,
    readonly now: () => number,
    readonly blockAfter = Number.POSITIVE_INFINITY,
  ) {
    this.counts = new Table(`naive:${name}`, { store });
    this.violations = new Table(`naive-v:${name}`, { store });
  }

  /** Check, then increment: two store calls with an await between. */
  async consume(key: Key, cost = 1): Promise<boolean> {
    const w = this.now() - (this.now() % this.windowMs);
    const cur = await this.counts.get(key);
    const n = cur !== undefined && cur.w === w ? cur.n : 0;
    if (n + cost > this.limit) {
      await this.#violation(key);
      return false;
    }
    await this.counts.set(key, { w, n: n + cost });
    return true;
  }

  /** Seed 000 #1: lookup, +1, insert; the block decision reads a stale count. */
  async #violation(key: Key): Promise<void> {
    const v = (await this.violations.get(key)) ?? 0;
    await this.violations.set(key, v + 1);
    if (v + 1 >= this.blockAfter) this.blockedEvents++;
  }

  /** Refund as `DECR`: no floor, and a missing key is created with no TTL. */
  async refund(key: Key, cost = 1): Promise<void> {
    const w = this.now() - (this.now() % this.windowMs);
    const cur = await this.counts.get(key);
    await this.counts.set(key, { w, n: (cur?.n ?? 0) - cost });
  }
}

/**
 * Seed 004 #2 residual (S17): every limiter instance shares ONE module-level table, owned by the
 * first instance created; stopping any instance clears it for everyone.
 */
const shared = new Map<string, number>();
export class NaiveSharedTableLimiter {
  constructor(
    readonly name: string,
    readonly limit: number,
  ) {}
  async consume(key: string): Promise<boolean> {
    const n = shared.get(key) ?? 0; // keyed by the caller's key only: limiters collide
    if (n >= this.limit) return false;
    shared.set(key, n + 1);
    return true;
  }
  stop(): void {
    shared.clear();
  }
}
