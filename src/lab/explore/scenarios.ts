/**
 * Built-in explorable scenarios: each incident in its naive form next to the raceless fix, over
 * an {@link ExploringStore} so every store call is a scheduling point.
 */
import { InvalidArgumentError, OutOfRangeError } from '../../errors.js';
import { MemoryStore } from '../../store/memory.js';
import { Table } from '../../table/Table.js';
import type { ExploreScenario } from './scenario.js';
import { ExploringStore } from './store.js';
import { ExploreMutex } from './sync.js';

const NAMES = 'ABCDEFGH';

function count(argument: string, v: unknown, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > max) {
    throw new OutOfRangeError(argument, `must be an integer from 1 to ${max}, got ${String(v)}`);
  }
  return v;
}

function variantOf<V extends string>(v: unknown, allowed: readonly V[]): V {
  if (v === undefined) return allowed[0]!;
  if (!allowed.includes(v as V)) {
    throw new InvalidArgumentError('config.variant', `must be one of ${allowed.join(', ')}`);
  }
  return v as V;
}

function actorsFor<S>(n: number, body: (me: string, state: S) => Promise<void>) {
  const actors: Record<string, (ctx: { actor: string; state: S }) => Promise<void>> = {};
  for (const name of NAMES.slice(0, n)) actors[name] = (ctx) => body(ctx.actor, ctx.state);
  return actors;
}

/** Configuration of {@link s01Scenario}. */
export interface S01ExploreConfig {
  /** `'naive'` (default): get, then set. `'raceless'`: one `updateCounter`. */
  readonly variant?: 'naive' | 'raceless' | undefined;
  /** Actors, 1–8 (A, B, C…). Default 2. */
  readonly actors?: number | undefined;
  /** Increments per actor, 1–8. Default 1. */
  readonly increments?: number | undefined;
}

/** State of an S01 schedule. */
export interface S01State {
  readonly table: Table<number>;
}

/**
 * S01 lost update, explorable: each actor increments `counter` `increments` times.
 * - naive: `v = await get(); await set(v + 1)` — two points per increment (`A:get`, `A:set`).
 * - raceless: `await updateCounter(k, 1)` — one point per increment (`A:updateCounter`).
 * Outcome `counter=N`; FORBIDDEN unless N = actors × increments.
 *
 * Schedule counts (every interleaving): naive with a actors × i increments has (2·a·i)! /
 * ((2i)!)^a schedules (2 × 1: 6; 2 × 2: 70; 3 × 1: 90); raceless (a·i)! / (i!)^a.
 * @throws OutOfRangeError / InvalidArgumentError for a bad config.
 * @example
 * const report = await explore(s01Scenario({ variant: 'naive', actors: 2, increments: 1 }));
 * report.forbiddenSchedules; // 4 (of 6)
 */
export function s01Scenario(config: S01ExploreConfig = {}): ExploreScenario<S01State> {
  const variant = variantOf(config.variant, ['naive', 'raceless'] as const);
  const actors = count('config.actors', config.actors, 2, NAMES.length);
  const increments = count('config.increments', config.increments, 1, 8);
  const expected = actors * increments;
  return {
    name: `S01-${variant}`,
    description: `S01 lost update, ${variant}: ${actors} actors × ${increments} increments`,
    async setup() {
      const table = new Table<number>('s01', { store: new ExploringStore(new MemoryStore()) });
      await table.set('counter', 0);
      return { table };
    },
    actors: actorsFor<S01State>(actors, async (_me, { table }) => {
      for (let i = 0; i < increments; i++) {
        if (variant === 'naive') {
          const v = (await table.get('counter')) ?? 0;
          await table.set('counter', v + 1);
        } else {
          await table.updateCounter('counter', 1, { default: 0 });
        }
      }
    }),
    outcome: async ({ table }) => `counter=${await table.get('counter')}`,
    forbidden: (outcome) => outcome !== `counter=${expected}`,
  };
}

/** Configuration of {@link checkThenActScenario}. */
export interface CheckThenActConfig {
  /**
   * `'naive'` (default): get, then set if absent. `'mutex'`: the same inside
   * `ExploreMutex.runExclusive`. `'insertNew'`: one atomic insert-if-absent.
   */
  readonly variant?: 'naive' | 'mutex' | 'insertNew' | undefined;
  /** Actors competing for the seat, 1–8. Default 2. */
  readonly actors?: number | undefined;
}

/** State of a check-then-act schedule. */
export interface CheckThenActState {
  readonly table: Table<string>;
  readonly mutex: ExploreMutex;
  /** Actors told "the seat is yours". */
  readonly confirmed: string[];
}

/**
 * Check-then-act (double booking): every actor tries to book one seat and is told whether it
 * got it.
 * - naive: `if (await get('seat') === undefined) { await set('seat', me); confirm(me) }` — two
 *   actors can both see the seat free and both be confirmed.
 * - mutex: the same check-then-act inside `ExploreMutex.runExclusive` (points `acquire`,
 *   `acquired`, `release`).
 * - insertNew: `if (await insertNew('seat', me)) confirm(me)` — one atomic step.
 * Outcome `seat=X confirmed=Y,…`; FORBIDDEN unless exactly one actor is confirmed and holds
 * the seat.
 * @throws OutOfRangeError / InvalidArgumentError for a bad config.
 * @example
 * const report = await explore(checkThenActScenario({ variant: 'mutex' }));
 * report.forbiddenSchedules; // 0
 */
export function checkThenActScenario(
  config: CheckThenActConfig = {},
): ExploreScenario<CheckThenActState> {
  const variant = variantOf(config.variant, ['naive', 'mutex', 'insertNew'] as const);
  const actors = count('config.actors', config.actors, 2, NAMES.length);
  const book = async (me: string, { table, confirmed }: CheckThenActState) => {
    if ((await table.get('seat')) === undefined) {
      await table.set('seat', me);
      confirmed.push(me);
    }
  };
  return {
    name: `check-then-act-${variant}`,
    description: `check-then-act (double booking), ${variant}: ${actors} actors, one seat`,
    setup: () => ({
      table: new Table<string>('seats', { store: new ExploringStore(new MemoryStore()) }),
      mutex: new ExploreMutex(),
      confirmed: [],
    }),
    actors: actorsFor<CheckThenActState>(actors, async (me, state) => {
      if (variant === 'naive') await book(me, state);
      else if (variant === 'mutex') await state.mutex.runExclusive(() => book(me, state));
      else if (await state.table.insertNew('seat', me)) state.confirmed.push(me);
    }),
    outcome: async ({ table, confirmed }) =>
      `seat=${(await table.get('seat')) ?? '-'} confirmed=${confirmed.join(',') || '-'}`,
    forbidden: (outcome) => {
      const m = /^seat=(\S+) confirmed=(\S+)$/.exec(outcome);
      return m === null || m[2]!.includes(',') || m[1] !== m[2];
    },
  };
}

/** One entry of the explorer's catalogue (what `raceless explore` can run). */
export interface ExploreCatalogueEntry {
  readonly id: string;
  readonly title: string;
  /** Every variant; the first is the naive one. */
  readonly variants: readonly string[];
  /** Variants expected to reach no forbidden outcome. */
  readonly raceless: readonly string[];
  /** Whether `increments` applies. */
  readonly increments: boolean;
  readonly defaults: { readonly actors: number; readonly increments: number };
  build(variant: string, scale: { actors: number; increments: number }): ExploreScenario<never>;
}

/**
 * The scenarios `raceless explore` knows: `S01` (lost update: naive, raceless) and
 * `check-then-act` (double booking: naive, mutex, insertNew).
 * @example
 * exploreCatalogue.find((e) => e.id === 'S01')!.build('naive', { actors: 2, increments: 1 });
 */
export const exploreCatalogue: readonly ExploreCatalogueEntry[] = [
  {
    id: 'S01',
    title: 'lost update (get then set vs updateCounter)',
    variants: ['naive', 'raceless'],
    raceless: ['raceless'],
    increments: true,
    defaults: { actors: 2, increments: 2 },
    build: (variant, { actors, increments }) =>
      s01Scenario({
        variant: variant as 'naive' | 'raceless',
        actors,
        increments,
      }) as unknown as ExploreScenario<never>,
  },
  {
    id: 'check-then-act',
    title: 'double booking (get then set vs Mutex.runExclusive vs insertNew)',
    variants: ['naive', 'mutex', 'insertNew'],
    raceless: ['mutex', 'insertNew'],
    increments: false,
    defaults: { actors: 2, increments: 1 },
    build: (variant, { actors }) =>
      checkThenActScenario({
        variant: variant as 'naive' | 'mutex' | 'insertNew',
        actors,
      }) as unknown as ExploreScenario<never>,
  },
];
