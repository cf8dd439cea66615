/**
 * S17 — limiter window race; all limiters share one table owned by the first instance, so
 * stopping one resets everyone: limit 5 allowed 10 (seed 004 #2, #7, residual). *store*
 *
 * Actors alternate between two limiters, `auth` and `api` (limit 5 each, one key). Phase 1:
 * every actor tries; then the `api` limiter is stopped (and reset); phase 2: `auth` actors try
 * again.
 * - naive: one shared table keyed by the caller's key only, check-then-increment, and stopping
 *   any instance clears the table.
 * - raceless: `RateLimiter` instances isolated by name on one store; `close()` touches no counts,
 *   `resetAll()` only its own name.
 * Expected: exactly 5 admitted by each limiter over the whole run.
 */
import { RateLimiter } from '../../limit/RateLimiter.js';
import type { Store } from '../../store/contract.js';
import { Table } from '../../table/Table.js';
import type { StoreScenario } from '../types.js';
import { EPOCH_WINDOW_MS, io, scaled } from './util.js';

/** Parameters of S17. */
export interface S17Params {
  readonly actors: number;
  readonly attempts: number;
  readonly limit: number;
}

interface S17Result {
  readonly limiter: 'auth' | 'api';
  readonly admitted: number;
}

const options = (store: Store, limit: number) => ({
  store,
  algorithm: 'token-bucket' as const,
  limit,
  refill: 1,
  windowMs: EPOCH_WINDOW_MS / 8,
});

/** S17 in every domain. */
export const s17: StoreScenario<S17Params, S17Result> = {
  kind: 'store',
  id: 'S17',
  title: 'limiters isolated: stopping one never resets another',
  module: import.meta.url,
  params: (scale) => ({
    actors: 2 * scaled(10, Math.sqrt(scale), 1),
    attempts: scaled(10, Math.sqrt(scale), 3),
    limit: 5,
  }),
  actors: (p) => p.actors,
  async actor({ store, index, variant, params, barrier }) {
    const name = index % 2 === 0 ? 'auth' : 'api';
    const shared = new Table<number>('naive-limiter', { store });
    const limiter = new RateLimiter(name, options(store, params.limit));
    const attempt = async (): Promise<boolean> => {
      if (variant === 'raceless') return (await limiter.consume('user-1')).allowed;
      const n = (await shared.get('user-1')) ?? 0; // keyed by the caller's key only
      if (n >= params.limit) return false;
      await io();
      await shared.set('user-1', n + 1);
      return true;
    };
    let admitted = 0;
    for (let i = 0; i < params.attempts; i++) if (await attempt()) admitted++;
    await barrier();
    if (index === 1) {
      // Stop the api limiter.
      if (variant === 'naive') await shared.clear();
      else {
        limiter.close();
        await new RateLimiter('api', options(store, params.limit)).resetAll();
      }
    }
    await barrier();
    if (name === 'auth') for (let i = 0; i < params.attempts; i++) if (await attempt()) admitted++;
    return { limiter: name, admitted };
  },
  async check({ params }, results) {
    const total = (n: string) =>
      results.filter((r) => r.limiter === n).reduce((s, r) => s + r.admitted, 0);
    const auth = total('auth');
    const api = total('api');
    return {
      expected: `auth ${params.limit} · api ${params.limit}`,
      observed: `auth ${auth} · api ${api}`,
      exact: auth === params.limit && api === params.limit,
      detail: `${params.actors} actors × ${params.attempts} attempts, api stopped between phases`,
    };
  },
};
