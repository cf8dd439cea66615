/**
 * S06 — a record inserted, then updated with its timer: observers see incomplete state
 * (seed 000 #5). *store*
 *
 * 100 actors × 10 task creations; after each creation the actor walks the first entries of the
 * task table and checks every record it sees.
 * - naive: `set(id, { id, state })`, then (after arming the timer) `set(id, full record)` — the
 *   walk sees records without a deadline.
 * - raceless: `TaskRegistry#create`: the deadline is armed first, then the complete record is
 *   inserted in one step; every deadline is cancelled exactly once on close.
 */
import { TaskRegistry } from '../../registry/TaskRegistry.js';
import { Table } from '../../table/Table.js';
import type { StoreScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S06. */
export interface S06Params {
  readonly actors: number;
  readonly each: number;
}

interface S06Result {
  readonly partial: number;
  readonly seen: number;
  /** Deadlines armed − (fired + cancelled) after close: 0 when each ended exactly once. */
  readonly unsettled: number;
}

const FIELDS = ['id', 'token', 'state', 'createdAt', 'deadline', 'updatedAt', 'meta', 'result'];
const PEEK = 16;

/** S06 in every domain. */
export const s06: StoreScenario<S06Params, S06Result> = {
  kind: 'store',
  id: 'S06',
  title: 'task records: never seen partial, every deadline ends once',
  module: import.meta.url,
  params: (scale) => ({
    actors: scaled(100, Math.sqrt(scale), 2),
    each: scaled(10, Math.sqrt(scale), 1),
  }),
  actors: (p) => p.actors,
  capacity: (p) => ({ entries: 2 * p.actors * p.each + 64, valueBytes: 1_024 }),
  async actor({ store, index, variant, params }) {
    let partial = 0;
    let seen = 0;
    const inspect = (rec: Record<string, unknown>) => {
      seen++;
      if (FIELDS.some((f) => rec[f] === undefined) || rec.deadline === null) partial++;
    };
    if (variant === 'naive') {
      const t = new Table<Record<string, string | number | null>>('tasks', { store });
      for (let j = 0; j < params.each; j++) {
        const id = `t${index}-${j}`;
        const now = Date.now();
        await t.set(id, { id, state: 'pending' });
        await io(); // arming the timer
        await t.set(id, {
          id,
          token: `${id}-token`,
          state: 'pending',
          createdAt: now,
          deadline: now + 3_600_000,
          updatedAt: now,
          meta: null,
          result: null,
          error: null,
        });
        let n = 0;
        for await (const [, rec] of t.entries({ batchSize: PEEK })) {
          inspect(rec);
          if (++n >= PEEK) break;
        }
      }
      return { partial, seen, unsettled: 0 };
    }
    const tasks = new TaskRegistry('tasks', { store, maxEntries: params.actors * params.each });
    for (let j = 0; j < params.each; j++) {
      await tasks.create({ id: `t${index}-${j}`, timeoutMs: 3_600_000 });
      await io();
      let n = 0;
      for await (const rec of tasks.entries({ batchSize: PEEK })) {
        inspect(rec as unknown as Record<string, unknown>);
        if (++n >= PEEK) break;
      }
    }
    await tasks.close();
    const s = await tasks.stats();
    return { partial, seen, unsettled: params.each - (s.timersFired + s.timersCancelled) };
  },
  async check({ store, params, variant }, results) {
    const total = params.actors * params.each;
    const partial = results.reduce((n, r) => n + r.partial, 0);
    const seen = results.reduce((n, r) => n + r.seen, 0);
    const unsettled = results.reduce((n, r) => n + Math.abs(r.unsettled), 0);
    const size =
      variant === 'naive'
        ? await new Table('tasks', { store }).size()
        : await new TaskRegistry('tasks', { store }).size();
    return {
      expected: `${total} records · 0 partial seen · 0 timers unsettled`,
      observed: `${size} records · ${partial} partial seen · ${unsettled} timers unsettled`,
      exact: size === total && partial === 0 && unsettled === 0,
      detail: `${params.actors} actors × ${params.each} creations; ${seen} records inspected mid-run`,
    };
  },
};
