/**
 * S21 — unbounded tables and task lists leak memory (seed 004 #7, #8). In-process.
 *
 * 1,000 concurrent inserts into a table bounded at 100, each with an await before its write.
 * - naive: `if ((await size()) < 100) { await io(); await set(k, v) }` — every inserter sees room.
 * - raceless: `Table({ maxEntries: 100 })`: the bound is checked inside the write's atomic step;
 *   the rest get CapacityExceededError.
 * Expected: exactly 100 entries, 900 refused with a typed error.
 */
import { CapacityExceededError } from '../../errors.js';
import { Table } from '../../table/Table.js';
import type { LocalScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S21. */
export interface S21Params {
  readonly inserts: number;
  readonly bound: number;
}

/** S21, in-process. */
export const s21: LocalScenario<S21Params> = {
  kind: 'local',
  id: 'S21',
  title: 'bounded table: maxEntries enforced under concurrency',
  params: (scale) => ({ inserts: scaled(1_000, scale, 200), bound: 100 }),
  async run(variant, p) {
    let refused = 0;
    let size: number;
    if (variant === 'naive') {
      const t = new Table<number>('naive-bounded');
      await Promise.all(
        Array.from({ length: p.inserts }, async (_, i) => {
          if ((await t.size()) < p.bound) {
            await io();
            await t.set(i, i);
          } else refused++;
        }),
      );
      size = await t.size();
    } else {
      const t = new Table<number>('bounded', { maxEntries: p.bound });
      const results = await Promise.allSettled(
        Array.from({ length: p.inserts }, async (_, i) => {
          await io();
          await t.set(i, i);
        }),
      );
      refused = results.filter(
        (r) => r.status === 'rejected' && r.reason instanceof CapacityExceededError,
      ).length;
      size = await t.size();
    }
    return {
      expected: `${p.bound} entries · ${p.inserts - p.bound} refused`,
      observed: `${size} entries · ${refused} refused`,
      exact: size === p.bound && refused === p.inserts - p.bound,
      detail: `${p.inserts} concurrent inserts, bound ${p.bound}`,
    };
  },
};
