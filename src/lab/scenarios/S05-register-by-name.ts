/**
 * S05 — register-by-name check-then-act leaves orphaned started resources (seed 000 #4). *store*
 *
 * 100 concurrent registrations of one name; each starts a resource first.
 * - naive: `if (await get(name)) refuse; r = await start(); await set(name, me)` — every racer
 *   sees the name free, all "win", and all but the last written resource are orphans (running,
 *   registered nowhere, never stopped).
 * - raceless: `Registry#register`: create, then one insert-if-absent; exactly one winner, every
 *   loser gets AlreadyRegisteredError and its resource is disposed.
 */
import { AlreadyRegisteredError } from '../../errors.js';
import { Registry } from '../../registry/Registry.js';
import { Table } from '../../table/Table.js';
import type { StoreScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S05. */
export interface S05Params {
  readonly actors: number;
}

interface Resource {
  readonly owner: number;
  disposed: boolean;
}

interface S05Result {
  readonly won: boolean;
  /** Started, not the registered one, never disposed. (Naive: decided in check.) */
  readonly orphan: boolean;
}

/** S05 in every domain. */
export const s05: StoreScenario<S05Params, S05Result> = {
  kind: 'store',
  id: 'S05',
  title: 'register by name: 1 winner, 0 orphans',
  module: import.meta.url,
  params: (scale) => ({ actors: scaled(100, scale, 4) }),
  actors: (p) => p.actors,
  async actor({ store, index, variant }) {
    const start = async (): Promise<Resource> => {
      await io();
      return { owner: index, disposed: false };
    };
    if (variant === 'naive') {
      const t = new Table<number>('naive-registry', { store });
      if ((await t.get('payments')) !== undefined) return { won: false, orphan: false };
      await start();
      await t.set('payments', index);
      return { won: true, orphan: false };
    }
    const registry = new Registry<Resource>('servers', {
      store,
      dispose: (r) => {
        r.disposed = true;
      },
    });
    let resource: Resource | undefined;
    try {
      await registry.register('payments', async () => {
        resource = await start();
        return resource;
      });
      return { won: true, orphan: false };
    } catch (e) {
      if (!(e instanceof AlreadyRegisteredError)) throw e;
      return { won: false, orphan: resource !== undefined && !resource.disposed };
    }
  },
  async check({ store, variant, params }, results) {
    const winners = results.filter((r) => r.won).length;
    let orphans: number;
    if (variant === 'naive') {
      // Every "winner" started a resource; only the last write is registered.
      const owner = await new Table<number>('naive-registry', { store }).get('payments');
      orphans = results.filter((r, i) => r.won && i !== owner).length;
    } else {
      orphans = results.filter((r) => r.orphan).length;
    }
    return {
      expected: '1 winner · 0 orphans',
      observed: `${winners} winner${winners === 1 ? '' : 's'} · ${orphans} orphan${orphans === 1 ? '' : 's'}`,
      exact: winners === 1 && orphans === 0,
      detail: `${params.actors} concurrent registrations of one name`,
    };
  },
};
