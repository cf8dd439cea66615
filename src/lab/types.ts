/**
 * The lab's vocabulary: scenarios (naive vs raceless), the domains they run in, what a run
 * observes, and the rows the lab reports.
 */
import type { Store } from '../store/contract.js';

/** Where actors race: one event loop, worker threads, or child processes (over Redis). */
export type DomainName = 'async' | 'threads' | 'processes';

/** The two versions of every scenario: the seed's pattern, and the same job done with raceless. */
export type Variant = 'naive' | 'raceless';

/** What one variant of one scenario did, against what the catalogue says it must do. */
export interface Observation {
  /** The exact expected outcome, e.g. `'100000'` or `'5 admitted'`. */
  readonly expected: string;
  /** What this run saw, in the same words. */
  readonly observed: string;
  /** Whether the observed outcome is exactly the expected one. */
  readonly exact: boolean;
  /** For counts: the share of the expected count that was lost (or overshot), in percent. */
  readonly lossPct?: number | undefined;
  /** Extra facts of the run (how many actors, trials...). */
  readonly detail?: string | undefined;
}

/** What every actor of a store scenario gets, in whichever domain it runs. */
export interface LabActorContext<P> {
  readonly variant: Variant;
  readonly domain: DomainName;
  /** The domain's store: memory (async), workers (threads) or Redis (processes). */
  readonly store: Store;
  /** The run's parameters (plain data: they travel to threads and processes). */
  readonly params: P;
  /** This actor's index, 0 … actors − 1, unique across all threads and processes. */
  readonly index: number;
  /** Number of actors in the run. */
  readonly actors: number;
  /**
   * Waits until every actor of the run (in every thread / process) has called `barrier()` the
   * same number of times. Every actor must call it equally often.
   */
  barrier(): Promise<void>;
}

/** What `setup` and `check` get: the run's store, seen from the parent. */
export interface LabRunContext<P> {
  readonly variant: Variant;
  readonly domain: DomainName;
  readonly store: Store;
  readonly params: P;
}

/**
 * A scenario whose shared state lives in a store, so it runs unchanged in every domain: the
 * domain runner starts `actors(params)` actors of it — async tasks, or spread over worker
 * threads or child processes — on one store, with a synchronised start.
 *
 * `module` is the URL of the module that exports the scenario (`import.meta.url`): threads and
 * processes import it and pick the export whose `id` matches.
 */
export interface StoreScenario<P = unknown, R = unknown> {
  readonly kind: 'store';
  readonly id: string;
  readonly title: string;
  readonly module: string;
  /** The run's parameters at `scale` (1 = the catalogue's numbers). */
  params(scale: number): P;
  /** How many actors race. */
  actors(params: P): number;
  /**
   * Room the run needs in a fixed-capacity store (the workers store): live entries and the
   * largest value in JSON bytes. Default 4,096 entries of at most 1,024 bytes.
   */
  capacity?(params: P): StoreCapacity;
  /** Runs once, in the parent, on the fresh store, before any actor. */
  setup?(ctx: LabRunContext<P>): Promise<void>;
  /** One actor's work; its result must be plain data (it may travel back from a thread). */
  actor(ctx: LabActorContext<P>): Promise<R>;
  /** Runs once, in the parent, after every actor: what happened, against the expectation. */
  check(ctx: LabRunContext<P>, results: readonly R[]): Promise<Observation>;
}

/** Room a run needs in a fixed-capacity store. */
export interface StoreCapacity {
  readonly entries: number;
  readonly valueBytes: number;
}

/** A scenario that is in-process by nature (locks, deferreds, servers): async domain only. */
export interface LocalScenario<P = unknown> {
  readonly kind: 'local';
  readonly id: string;
  readonly title: string;
  /** The run's parameters at `scale` (1 = the catalogue's numbers). */
  params(scale: number): P;
  /** Runs one variant and observes it. */
  run(variant: Variant, params: P): Promise<Observation>;
}

/** Any lab scenario. */
// biome-ignore lint/suspicious/noExplicitAny: a catalogue holds scenarios of every parameter type
export type LabScenario = StoreScenario<any, any> | LocalScenario<any>;

/** The verdict of a row. */
export type Verdict = 'exact' | 'NOT EXACT';

/** One row of the lab's report: one scenario in one domain, naive next to raceless. */
export interface LabRow {
  readonly scenario: string;
  readonly title: string;
  readonly domain: DomainName;
  readonly expected: string;
  readonly naive: Observation;
  readonly raceless: Observation;
  /** `'exact'` when raceless met the expectation exactly, else `'NOT EXACT'`. */
  readonly verdict: Verdict;
  /** Whether the naive version failed, as it is expected to (false: "no loss this run"). */
  readonly naiveFailed: boolean;
  /** Wall time of the row, both variants (informative only). */
  readonly ms: number;
}
