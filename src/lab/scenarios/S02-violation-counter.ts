/**
 * S02 — violation counter read-modify-write; the block decision reads a stale count (seed 000 #1).
 * *store*
 *
 * 100 actors × 100 rejected attempts on one key (limit 1, already used), blocked after every
 * attempt has been counted (`blockAfter` = all of them).
 * - naive: `v = await get('violations'); await io(); await set(v + 1); if (v + 1 >= blockAfter)
 *   block()` — violations are lost, so the block comes late, never, or more than once.
 * - raceless: `RateLimiter#consume` with `blockAfter`: counting, deciding and blocking are one
 *   store step; exactly one call reports `newlyBlocked`, at the last violation.
 */
import { RateLimiter } from '../../limit/RateLimiter.js';
import type { Store } from '../../store/contract.js';
import { Table } from '../../table/Table.js';
import type { StoreScenario } from '../types.js';
import { EPOCH_WINDOW_MS, io, scaled } from './util.js';

/** Parameters of S02. */
export interface S02Params {
  readonly actors: number;
  readonly violations: number;
}

interface S02Result {
  readonly blocks: number;
  readonly counted: number;
}

const limiter = (store: Store, blockAfter: number) =>
  new RateLimiter('ddos', {
    store,
    algorithm: 'token-bucket',
    limit: 1,
    refill: 1,
    windowMs: EPOCH_WINDOW_MS,
    blockAfter,
    blockMs: EPOCH_WINDOW_MS,
    violationWindowMs: EPOCH_WINDOW_MS,
  });

async function naiveAttempt(t: Table<number | boolean>, blockAfter: number): Promise<S02Result> {
  if ((await t.get('blocked')) === true) return { blocks: 0, counted: 0 };
  const v = ((await t.get('violations')) as number | undefined) ?? 0;
  await io();
  await t.set('violations', v + 1);
  if (v + 1 >= blockAfter) {
    await t.set('blocked', true);
    return { blocks: 1, counted: v + 1 };
  }
  return { blocks: 0, counted: v + 1 };
}

/** S02 in every domain. */
export const s02: StoreScenario<S02Params, S02Result> = {
  kind: 'store',
  id: 'S02',
  title: 'violation counter: blocked exactly once, after every violation',
  module: import.meta.url,
  params: (scale) => ({
    actors: scaled(100, Math.sqrt(scale), 2),
    violations: scaled(100, Math.sqrt(scale), 1),
  }),
  actors: (p) => p.actors,
  async setup({ store, variant, params }) {
    // The one admitted call: every attempt after it is a violation.
    if (variant === 'raceless')
      await limiter(store, params.actors * params.violations).consume('ip');
  },
  async actor({ store, params, variant }) {
    const total = params.actors * params.violations;
    let blocks = 0;
    let counted = 0;
    const l = limiter(store, total);
    const t = new Table<number | boolean>('naive-ddos', { store });
    for (let i = 0; i < params.violations; i++) {
      if (variant === 'naive') {
        const r = await naiveAttempt(t, total);
        blocks += r.blocks;
        counted = Math.max(counted, r.counted);
      } else {
        const r = await l.consume('ip');
        if (r.newlyBlocked) blocks++;
        counted = Math.max(counted, r.violations);
      }
      await io();
    }
    return { blocks, counted };
  },
  async check({ params, variant, store }, results) {
    const total = params.actors * params.violations;
    const blocks = results.reduce((n, r) => n + r.blocks, 0);
    const counted =
      variant === 'naive'
        ? (((await new Table<number>('naive-ddos', { store }).get('violations')) as number) ?? 0)
        : Math.max(...results.map((r) => r.counted));
    return {
      expected: `${total} counted · 1 block`,
      observed: `${counted} counted · ${blocks} block${blocks === 1 ? '' : 's'}`,
      exact: counted === total && blocks === 1,
      lossPct: ((total - counted) / total) * 100,
      detail: `${params.actors} actors × ${params.violations} violations`,
    };
  },
};
