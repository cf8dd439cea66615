/**
 * S15 — a float sum accumulated by read-modify-write; a reset during writes leaves count and sum
 * out of step; readers combine fields from different moments (seed 003). *store*
 *
 * 100 actors × 10 observations: each observes 0.35 into `ratio` and one of 0.3, 0.4, 0.35, 0.25,
 * 0.5 (by actor) into `mixed`; actor 0 resets `ratio` half-way.
 * - naive: count and sum are separate floats, each read, awaited, written; the reset writes them
 *   one after the other; a snapshot reads them one after the other.
 * - raceless: `Metrics` summaries: one `updateCounter` op list per observation on fixed-point
 *   integers, reset as one compare-and-set, a snapshot as one read.
 * Expected: `mixed` count exact and mean exactly 0.36; the reset's snapshot and the final one
 * each consistent (sum = count × 0.35) and together the full count.
 */
import { Metrics } from '../../metrics/Metrics.js';
import type { Store } from '../../store/contract.js';
import { Table } from '../../table/Table.js';
import type { StoreScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S15. */
export interface S15Params {
  readonly actors: number;
  readonly each: number;
}

interface Snapshot {
  readonly count: number;
  readonly sum: number;
}

const RATIOS = [0.3, 0.4, 0.35, 0.25, 0.5];

function summaries(store: Store) {
  const metrics = new Metrics({ store });
  return {
    ratio: metrics.summary({ name: 'ratio', help: 'compression ratio', scale: 1e6 }),
    mixed: metrics.summary({ name: 'mixed', help: 'mixed ratios', scale: 1e6 }),
  };
}

/** The seed's metric: separate float fields, each read-modify-written. */
class NaiveSummary {
  constructor(
    readonly t: Table<number>,
    readonly name: string,
  ) {}
  async observe(v: number): Promise<void> {
    const count = (await this.t.get([this.name, 'count'])) ?? 0;
    const sum = (await this.t.get([this.name, 'sum'])) ?? 0;
    await io();
    await this.t.set([this.name, 'count'], count + 1);
    await this.t.set([this.name, 'sum'], sum + v);
  }
  async get(): Promise<Snapshot> {
    const count = (await this.t.get([this.name, 'count'])) ?? 0;
    await io();
    return { count, sum: (await this.t.get([this.name, 'sum'])) ?? 0 };
  }
  async reset(): Promise<Snapshot> {
    const before = await this.get();
    await this.t.set([this.name, 'count'], 0);
    await io();
    await this.t.set([this.name, 'sum'], 0);
    return before;
  }
}

const consistent = (s: Snapshot) => Math.round(s.sum * 1e6) === s.count * 350_000;

/** S15 in every domain. */
export const s15: StoreScenario<S15Params, Snapshot | null> = {
  kind: 'store',
  id: 'S15',
  title: 'metric sums: exact mean, reset keeps count and sum in step',
  module: import.meta.url,
  params: (scale) => ({
    // A multiple of 5 actors: every ratio equally often, so the mean is exactly 0.36.
    actors: 5 * scaled(20, Math.sqrt(scale), 1),
    each: scaled(10, Math.sqrt(scale), 2),
  }),
  actors: (p) => p.actors,
  async actor({ store, index, variant, params }) {
    const naive = variant === 'naive';
    const t = new Table<number>('naive-metrics', { store });
    const ratio = naive ? new NaiveSummary(t, 'ratio') : summaries(store).ratio;
    const mixed = naive ? new NaiveSummary(t, 'mixed') : summaries(store).mixed;
    let before: Snapshot | null = null;
    for (let j = 0; j < params.each; j++) {
      await ratio.observe(0.35);
      await mixed.observe(RATIOS[index % RATIOS.length]!);
      if (index === 0 && j === Math.floor(params.each / 2)) {
        const s = await ratio.reset();
        before = { count: s.count, sum: s.sum };
      }
      await io();
    }
    return before;
  },
  async check({ store, variant, params }, results) {
    const total = params.actors * params.each;
    const naive = variant === 'naive';
    const t = new Table<number>('naive-metrics', { store });
    const { ratio, mixed } = naive
      ? { ratio: new NaiveSummary(t, 'ratio'), mixed: new NaiveSummary(t, 'mixed') }
      : summaries(store);
    const m = await mixed.get();
    const after = await ratio.get();
    const before = results[0]!;
    const mean = m.count === 0 ? 0 : m.sum / m.count;
    const resetOk = consistent(before) && consistent(after) && before.count + after.count === total;
    return {
      expected: `n=${total} · mean 0.36 · reset consistent`,
      observed: `n=${m.count} · mean ${Number(mean.toPrecision(15))} · reset ${resetOk ? 'consistent' : 'split'}`,
      exact: m.count === total && mean === 0.36 && resetOk,
      lossPct: ((total - m.count) / total) * 100,
      detail: `${params.actors} actors × ${params.each} observations, one reset mid-run`,
    };
  },
};
