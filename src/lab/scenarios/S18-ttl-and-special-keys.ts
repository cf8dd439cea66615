/**
 * S18 — TTL check-then-delete race: a get racing a put crashes; a key like `:_` matches every row;
 * no size bound (seed 004 #3, residual). *store*
 *
 * 40 actors on a small key space with short TTLs: one in four writes and deletes, the others read.
 * Then special keys are deleted one by one, and writers fill past the bound.
 * - naive: `if (await has(k)) return (await get(k)).v` — the entry can go between the two calls
 *   and the read crashes; delete builds a glob from the key; the bound is check-size-then-insert.
 * - raceless: `Cache`: `get` is one atomic read, keys are data, `maxEntries` evicts LRU atomically.
 * Expected: 0 crashed reads, each special-key delete removes exactly 1 entry, size within bound.
 */
import { Cache } from '../../cache/Cache.js';
import type { Store } from '../../store/contract.js';
import { Table } from '../../table/Table.js';
import type { StoreScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S18. */
export interface S18Params {
  readonly actors: number;
  readonly ops: number;
  readonly maxEntries: number;
}

type Entry = { v: number };

const SPECIAL = ['*', '?', '[a-z]', '{tag}', ':', '_', ':_', '$1', '%', '', 'user:*', '.*', '\\'];
const KEYS = 8;

const cache = (store: Store) => new Cache<Entry>('sessions', { store });

function glob(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/** S18 in every domain. */
export const s18: StoreScenario<S18Params, number> = {
  kind: 'store',
  id: 'S18',
  title: 'TTL reads racing writes, special keys, size bound',
  module: import.meta.url,
  params: (scale) => ({
    actors: 4 * scaled(10, Math.sqrt(scale), 1),
    ops: scaled(100, Math.sqrt(scale), 10),
    maxEntries: 64,
  }),
  actors: (p) => p.actors,
  async actor({ store, index, variant, params }) {
    const naive = variant === 'naive';
    const t = new Table<Entry>('naive-sessions', { store });
    const c = cache(store);
    const writer = index % 4 === 0;
    let crashes = 0;
    for (let i = 0; i < params.ops; i++) {
      const k = `k${(index + i) % KEYS}`;
      try {
        if (writer) {
          if (i % 2 === 0) {
            if (naive) await t.set(k, { v: i }, { ttlMs: 5 });
            else await c.set(k, { v: i }, { ttlMs: 5 });
          } else if (naive) await t.delete(k);
          else await c.delete(k);
        } else if (naive) {
          if (await t.has(k)) {
            await io(); // the seed looked the entry up, then read it
            void (await t.get(k))!.v;
          }
        } else {
          void (await c.get(k))?.v;
        }
      } catch {
        crashes++;
      }
      if (i % 4 === 3) await io();
    }
    // Fill past the bound: writers insert new keys into a bounded table.
    if (writer) {
      const bounded = new Table<Entry>('naive-bounded', { store });
      const b = new Cache<Entry>('bounded', { store, maxEntries: params.maxEntries });
      for (let i = 0; i < params.maxEntries; i++) {
        const k = `fill:${index}:${i}`;
        if (naive) {
          if ((await bounded.size()) < params.maxEntries) {
            await io();
            await bounded.set(k, { v: i });
          }
        } else await b.set(k, { v: i });
      }
    }
    return crashes;
  },
  async check({ store, variant, params }, results) {
    const naive = variant === 'naive';
    const crashes = results.reduce((n, r) => n + r, 0);
    // Size bound: what the fill left behind.
    const size = naive
      ? await new Table<Entry>('naive-bounded', { store }).size()
      : await new Cache<Entry>('bounded', { store, maxEntries: params.maxEntries }).size();
    const over = Math.max(0, size - params.maxEntries);
    // Special keys: delete each one among 100 ordinary keys and count what went.
    let extra = 0;
    for (const key of SPECIAL) {
      const keys = new Table<Entry>('special', { store });
      await keys.clear();
      await keys.setMany(
        [...SPECIAL, ...Array.from({ length: 100 }, (_, i) => `user:${i}`)].map(
          (k, i) => [k, { v: i }] as [string, Entry],
        ),
      );
      const size = await keys.size();
      if (naive) {
        const re = glob(key);
        for await (const [k] of keys.entries()) if (re.test(String(k))) await keys.delete(k);
      } else {
        await keys.delete(key); // keys are data: exactly that entry
      }
      extra += size - (await keys.size()) - 1;
    }
    return {
      expected: '0 crashed reads · 0 extra deletes · 0 over bound',
      observed: `${crashes} crashed reads · ${extra} extra deletes · ${over} over bound`,
      exact: crashes === 0 && extra === 0 && over === 0,
      detail: `${params.actors} actors × ${params.ops} ops; ${SPECIAL.length} special keys; bound ${params.maxEntries}`,
    };
  },
};
