/**
 * S13 — a session map mutated concurrently across awaits (seed 002 #5). In-process.
 *
 * 10 sessions × 100 concurrent read-modify-write updates (read the session, await a token
 * refresh, write it back with one more step).
 * - naive: no serialisation: updates of one session overwrite each other.
 * - raceless: `KeyedMutex#runExclusive(session)`: one update of a session at a time, while
 *   different sessions still run in parallel.
 * Expected: every update counted; sessions updated in parallel (peak > 1).
 */
import { KeyedMutex } from '../../sync/KeyedMutex.js';
import type { LocalScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S13. */
export interface S13Params {
  readonly sessions: number;
  readonly updates: number;
}

/** S13, in-process. */
export const s13: LocalScenario<S13Params> = {
  kind: 'local',
  id: 'S13',
  title: 'per-session serialisation: no lost update, sessions in parallel',
  params: (scale) => ({ sessions: 10, updates: scaled(100, scale, 5) }),
  async run(variant, p) {
    const map = new Map<number, { steps: number }>();
    for (let s = 0; s < p.sessions; s++) map.set(s, { steps: 0 });
    const locks = new KeyedMutex<number>();
    let inside = 0;
    let peak = 0;
    const update = async (s: number) => {
      inside++;
      peak = Math.max(peak, inside);
      const session = map.get(s)!;
      const steps = session.steps;
      await io(); // refresh a token
      map.set(s, { steps: steps + 1 });
      inside--;
    };
    await Promise.all(
      Array.from({ length: p.sessions * p.updates }, (_, i) => {
        const s = i % p.sessions;
        return variant === 'naive' ? update(s) : locks.runExclusive(s, () => update(s));
      }),
    );
    const total = [...map.values()].reduce((n, v) => n + v.steps, 0);
    const expected = p.sessions * p.updates;
    const parallel = peak > 1;
    return {
      expected: `${expected} updates · sessions in parallel`,
      observed: `${total} updates · ${parallel ? 'sessions in parallel' : 'serialised globally'}`,
      exact: total === expected && parallel,
      lossPct: ((expected - total) / expected) * 100,
      detail: `${p.sessions} sessions × ${p.updates} concurrent updates; peak ${peak} at once`,
    };
  },
};
