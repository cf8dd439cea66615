/**
 * S08 — deleting from a table while folding over it (seed 000 #7). In-process.
 *
 * 1,000 dead sessions; a sweeper deletes the dead while writers revive every third one and
 * insert new ones.
 * - naive: snapshot the dead keys, then delete each by key — whatever the entry is by then.
 * - raceless: walk with `entries()` and delete with `compareAndDelete(k, seen)` — only if the
 *   entry is still what the sweep saw.
 * Expected: no live (revived or new) session deleted.
 */
import type { Key } from '../../keys.js';
import { Table } from '../../table/Table.js';
import type { LocalScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S08. */
export interface S08Params {
  readonly sessions: number;
}

type Session = { state: 'live' | 'dead'; gen: number };

/** S08, in-process. */
export const s08: LocalScenario<S08Params> = {
  kind: 'local',
  id: 'S08',
  title: 'sweep while writers revive: no live entry deleted',
  params: (scale) => ({ sessions: scaled(1_000, scale, 30) }),
  async run(variant, p) {
    const n = p.sessions;
    const t = new Table<Session>('sessions');
    await t.setMany(
      Array.from({ length: n }, (_, i) => [i, { state: 'dead', gen: 0 }] as [number, Session]),
    );
    const writers = async () => {
      for (let i = 0; i < n; i += 3) {
        await t.set(i, { state: 'live', gen: 1 });
        if (i % 15 === 0) await t.set(`new-${i}`, { state: 'live', gen: 1 });
        await io();
      }
    };
    const sweeper = async () => {
      if (variant === 'naive') {
        const dead: Key[] = [];
        for await (const [k, v] of t.entries()) if (v.state === 'dead') dead.push(k);
        for (const k of dead) {
          await io();
          await t.delete(k);
        }
      } else {
        for await (const [k, v] of t.entries({ batchSize: 16 })) {
          if (v.state === 'dead') {
            await io();
            await t.compareAndDelete(k, v);
          }
        }
      }
    };
    await Promise.all([sweeper(), writers()]);
    let live = 0;
    let lost = 0;
    for (let i = 0; i < n; i += 3) {
      live++;
      if ((await t.get(i))?.state !== 'live') lost++;
    }
    for (let i = 0; i < n; i += 15) {
      live++;
      if ((await t.get(`new-${i}`))?.state !== 'live') lost++;
    }
    return {
      expected: '0 live deleted',
      observed: `${lost} live deleted`,
      exact: lost === 0,
      detail: `${n} sessions, ${live} revived or inserted during the sweep`,
    };
  },
};
