/**
 * S07 — global registration before config/monitor setup; the loser's rollback removes the
 * winner's config and monitor (seed 000 #6, residual). In-process.
 *
 * 100 ids × 5 concurrent registrations, one setup in three failing.
 * - naive: config and monitor set up first, keyed by id, then the global insert; a loser (or a
 *   failed setup) rolls back by id — erasing whatever is there, the winner's included.
 * - raceless: `Registry#register` with setup steps: the name is reserved first (pending row);
 *   only its holder runs setup; a failure undoes exactly its own steps and row.
 * Expected: every id fully registered (config and monitor of the winner) or fully absent.
 */
import { Registry } from '../../registry/Registry.js';
import type { LocalScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S07. */
export interface S07Params {
  readonly ids: number;
  readonly racers: number;
}

const fails = (id: number, r: number, racers: number) => (id * racers + r) % 3 === 0;

async function naiveRun(p: S07Params): Promise<number> {
  const global = new Map<number, string>();
  const config = new Map<number, string>();
  const monitors = new Map<number, string>();
  const register = async (id: number, owner: string, fail: boolean) => {
    try {
      config.set(id, owner);
      await io();
      if (fail) throw new Error('monitor setup failed');
      monitors.set(id, owner);
      await io();
      if (global.has(id)) throw new Error('already registered');
      global.set(id, owner);
    } catch {
      config.delete(id); // rollback by id: may be the winner's
      monitors.delete(id);
    }
  };
  const runs: Promise<void>[] = [];
  for (let id = 0; id < p.ids; id++) {
    for (let r = 0; r < p.racers; r++)
      runs.push(register(id, `${id}/${r}`, fails(id, r, p.racers)));
  }
  await Promise.all(runs);
  let broken = 0;
  for (let id = 0; id < p.ids; id++) {
    const owner = global.get(id);
    const ok =
      owner === undefined
        ? !config.has(id) && !monitors.has(id)
        : config.get(id) === owner && monitors.get(id) === owner;
    if (!ok) broken++;
  }
  return broken;
}

async function racelessRun(p: S07Params): Promise<number> {
  const registry = new Registry<string>('entities', { maxEntries: p.ids });
  const config = new Map<number, string>();
  const monitors = new Map<number, string>();
  const runs: Promise<unknown>[] = [];
  for (let id = 0; id < p.ids; id++) {
    for (let r = 0; r < p.racers; r++) {
      const owner = `${id}/${r}`;
      runs.push(
        registry.register(
          id,
          async () => {
            await io();
            return owner;
          },
          {
            setup: [
              async () => {
                config.set(id, owner);
                await io();
                return () => {
                  config.delete(id);
                };
              },
              async () => {
                await io();
                if (fails(id, r, p.racers)) throw new Error('monitor setup failed');
                monitors.set(id, owner);
                return () => {
                  monitors.delete(id);
                };
              },
            ],
          },
        ),
      );
    }
  }
  await Promise.allSettled(runs);
  let broken = 0;
  for (let id = 0; id < p.ids; id++) {
    const info = await registry.info(id);
    const owner = await registry.lookup(id);
    const ok =
      info === undefined
        ? !config.has(id) && !monitors.has(id)
        : info.state === 'active' && config.get(id) === owner && monitors.get(id) === owner;
    if (!ok) broken++;
  }
  return broken;
}

/** S07, in-process. */
export const s07: LocalScenario<S07Params> = {
  kind: 'local',
  id: 'S07',
  title: 'registration with failing setup: all or nothing, rollback never hits the winner',
  params: (scale) => ({ ids: scaled(100, scale, 5), racers: 5 }),
  async run(variant, p) {
    const broken = variant === 'naive' ? await naiveRun(p) : await racelessRun(p);
    return {
      expected: '0 broken ids',
      observed: `${broken} broken ids`,
      exact: broken === 0,
      detail: `${p.ids} ids × ${p.racers} racers, 1 setup in 3 failing`,
    };
  },
};
