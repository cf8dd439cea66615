/**
 * S01 — lost update (seed 001: 100,000 increments expected, ~11,200 seen, 88.86% lost). *store*
 *
 * `actors` actors each increment one shared counter `increments` times, with an `await` between
 * steps (as any real handler has: a log write, a metric, an I/O call).
 * - naive: `v = await get(k); await io(); await set(k, v + 1)` — reads go stale while others write.
 * - raceless: `await table.updateCounter(k, 1, { default: 0 })` — read and write are one step.
 */
import { Table } from '../../table/Table.js';
import type { StoreScenario } from '../types.js';
import { countObservation, io, scaled } from './util.js';

/** Scale of a run. The catalogue's minimum: 100 actors × 1,000 increments. */
export interface S01Scale {
  readonly actors: number;
  readonly increments: number;
}

/** The catalogue's scale of S01. */
export const S01_DEFAULT: S01Scale = { actors: 100, increments: 1_000 };

/** Result of one run: the expected and the observed final count. */
export interface CountResult {
  readonly expected: number;
  readonly observed: number;
}

async function increment(t: Table<number>, naive: boolean): Promise<void> {
  if (naive) {
    const v = (await t.get('counter')) ?? 0;
    await io();
    await t.set('counter', v + 1);
  } else {
    await t.updateCounter('counter', 1, { default: 0 });
  }
}

async function run(scale: S01Scale, naive: boolean): Promise<CountResult> {
  const t = new Table<number>('s01');
  await t.set('counter', 0);
  const actor = async () => {
    for (let i = 0; i < scale.increments; i++) {
      await increment(t, naive);
      await io();
    }
  };
  await Promise.all(Array.from({ length: scale.actors }, actor));
  return { expected: scale.actors * scale.increments, observed: (await t.get('counter')) ?? 0 };
}

/** The seed's pattern: get, await, set. Loses updates. */
export function s01Naive(scale: S01Scale = S01_DEFAULT): Promise<CountResult> {
  return run(scale, true);
}

/** The raceless pattern: one atomic updateCounter per increment. Exact. */
export function s01Raceless(scale: S01Scale = S01_DEFAULT): Promise<CountResult> {
  return run(scale, false);
}

/** S01 in every domain: the same actors on the domain's store. */
export const s01: StoreScenario<S01Scale, null> = {
  kind: 'store',
  id: 'S01',
  title: 'lost update: get, await, set vs updateCounter',
  module: import.meta.url,
  params: (scale) => ({
    actors: scaled(S01_DEFAULT.actors, Math.sqrt(scale), 2),
    increments: scaled(S01_DEFAULT.increments, Math.sqrt(scale), 1),
  }),
  actors: (p) => p.actors,
  async setup({ store }) {
    await new Table<number>('s01', { store }).set('counter', 0);
  },
  async actor({ store, params, variant }) {
    const t = new Table<number>('s01', { store });
    for (let i = 0; i < params.increments; i++) {
      await increment(t, variant === 'naive');
      await io();
    }
    return null;
  },
  async check({ store, params }) {
    const observed = (await new Table<number>('s01', { store }).get('counter')) ?? 0;
    return countObservation(
      params.actors * params.increments,
      observed,
      '',
      `${params.actors} actors × ${params.increments} increments`,
    );
  },
};
