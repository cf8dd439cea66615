/**
 * S01 — lost update (seed 001: 100,000 increments expected, ~11,200 seen, 88.86% lost).
 *
 * `actors` async tasks each increment one shared counter `increments` times, with an `await`
 * between steps (as any real handler has: a log write, a metric, an I/O call).
 * - naive: `v = await get(k); await io(); await set(k, v + 1)` — reads go stale while others write.
 * - raceless: `await table.updateCounter(k, 1, { default: 0 })` — read and write are one step.
 */
import { Table } from '../../table/Table.js';

/** Scale of a run. The catalogue's minimum: 100 actors × 1,000 increments. */
export interface S01Scale {
  readonly actors: number;
  readonly increments: number;
}

export const S01_DEFAULT: S01Scale = { actors: 100, increments: 1_000 };

/** Result of one run: the expected and the observed final count. */
export interface CountResult {
  readonly expected: number;
  readonly observed: number;
}

/** Stands for the I/O a handler does between steps: it lets every other task run. */
const io = () => new Promise<void>((resolve) => setImmediate(resolve));

async function run(
  scale: S01Scale,
  step: (t: Table<number>) => Promise<void>,
): Promise<CountResult> {
  const t = new Table<number>('s01');
  await t.set('counter', 0);
  const actor = async () => {
    for (let i = 0; i < scale.increments; i++) {
      await step(t);
      await io();
    }
  };
  await Promise.all(Array.from({ length: scale.actors }, actor));
  return { expected: scale.actors * scale.increments, observed: (await t.get('counter')) ?? 0 };
}

/** The seed's pattern: get, await, set. Loses updates. */
export function s01Naive(scale: S01Scale = S01_DEFAULT): Promise<CountResult> {
  return run(scale, async (t) => {
    const v = (await t.get('counter')) ?? 0;
    await io();
    await t.set('counter', v + 1);
  });
}

/** The raceless pattern: one atomic updateCounter per increment. Exact. */
export function s01Raceless(scale: S01Scale = S01_DEFAULT): Promise<CountResult> {
  return run(scale, async (t) => {
    await t.updateCounter('counter', 1, { default: 0 });
  });
}
