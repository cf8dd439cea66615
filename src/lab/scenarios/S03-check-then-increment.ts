/**
 * S03 — check-then-increment lets concurrent attempts bypass a rate limit (seed 000 #2, 004 #2).
 * *store*
 *
 * 1,000 concurrent attempts on one key, limit 5.
 * - naive: `n = await get(k); if (n < 5) { await set(k, n + 1); admit }` — every attempt reads
 *   the same count, so nearly all pass.
 * - raceless: `RateLimiter#consume`: check and consume are one store step; exactly 5 pass.
 */
import { RateLimiter } from '../../limit/RateLimiter.js';
import { Table } from '../../table/Table.js';
import type { StoreScenario } from '../types.js';
import { EPOCH_WINDOW_MS, io, scaled } from './util.js';

/** Parameters of S03. */
export interface S03Params {
  readonly attempts: number;
  readonly limit: number;
}

/** S03 in every domain: one actor per attempt. */
export const s03: StoreScenario<S03Params, boolean> = {
  kind: 'store',
  id: 'S03',
  title: 'check-then-increment: 1,000 attempts at limit 5',
  module: import.meta.url,
  params: (scale) => ({ attempts: scaled(1_000, scale, 20), limit: 5 }),
  actors: (p) => p.attempts,
  async actor({ store, params, variant }) {
    if (variant === 'naive') {
      const t = new Table<number>('naive-login', { store });
      const n = (await t.get(['user', 'ada'])) ?? 0;
      if (n >= params.limit) return false;
      await io();
      await t.set(['user', 'ada'], n + 1);
      return true;
    }
    // Token bucket, capacity 5, one token back per 2^40/8 ms: no refill during any run.
    const login = new RateLimiter('login', {
      store,
      algorithm: 'token-bucket',
      limit: params.limit,
      refill: 1,
      windowMs: EPOCH_WINDOW_MS / 8,
    });
    return (await login.consume(['user', 'ada'])).allowed;
  },
  async check({ params }, results) {
    const admitted = results.filter(Boolean).length;
    return {
      expected: `${params.limit} admitted`,
      observed: `${admitted} admitted`,
      exact: admitted === params.limit,
      detail: `${params.attempts} concurrent attempts`,
    };
  },
};
