/**
 * What the explorer explores: a scenario of named async actors over fresh shared state.
 */
import { InvalidArgumentError, OutOfRangeError } from '../../errors.js';
import { checkActorName } from './runtime.js';

/** What an actor receives. */
export interface ActorContext<S> {
  /** The actor's name (`'A'`). */
  readonly actor: string;
  /** The state `setup()` built for this schedule (shared by all actors of the schedule). */
  readonly state: S;
  /** A scheduling point labelled `Actor:label` (same as the module-level `yieldPoint`). */
  yieldPoint(label: string): Promise<void>;
}

/** One actor: async code that reaches shared state only through explored operations. */
export type ExploreActor<S> = (ctx: ActorContext<S>) => Promise<void> | void;

/**
 * A scenario for the explorer.
 *
 * - `setup()` builds fresh state for every schedule (each schedule replays from scratch): tables
 *   on an `ExploringStore`, `ExploreMutex`es, plain objects. It runs outside any actor, so its
 *   store calls are not scheduling points.
 * - `actors` start in declaration order, each running to its first scheduling point (as
 *   `Promise.all` would start them); from then on the explorer chooses who runs at every point.
 *   Actors must be deterministic: no time, no randomness, no awaits the explorer does not control.
 * - `outcome(state)` describes the end state as a short string (outcomes are grouped by it). When
 *   an actor threw, the outcome is `A threw Name: message` instead; when every remaining actor
 *   waits for a lock or deferred nobody will release, it is `deadlock: A:acquired ...`.
 * - `forbidden(outcome)` says which outcomes are bugs (jcstress's FORBIDDEN).
 */
export interface ExploreScenario<S = unknown> {
  readonly name: string;
  readonly description?: string | undefined;
  setup(): S | Promise<S>;
  readonly actors: Readonly<Record<string, ExploreActor<S>>>;
  outcome(state: S): string | Promise<string>;
  forbidden(outcome: string): boolean;
}

/** Options of `explore`. */
export interface ExploreOptions {
  /**
   * `'exhaustive'` (default): depth-first over every schedule within the preemption bound — a
   * proof within bounds. `'random'`: `runs` schedules sampled with a seeded PRNG — not a proof.
   */
  readonly mode?: 'exhaustive' | 'random' | undefined;
  /**
   * Exhaustive: most preemptions per schedule (a switch away from an actor that could still
   * run). Bounds 0, 1, 2… are explored in turn, so the first forbidden schedule found has the
   * fewest preemptions. `Infinity`: every schedule. Default 2.
   */
  readonly preemptions?: number | undefined;
  /** Random: schedules to sample. Default 1,000. */
  readonly runs?: number | undefined;
  /** Random: the PRNG seed (an integer; taken modulo 2^32). Default 42. */
  readonly seed?: number | undefined;
  /** Exhaustive: stop (and say so: not a proof) after this many schedules. Default 100,000. */
  readonly maxSchedules?: number | undefined;
  /** Most steps in one schedule; a longer one ends with outcome `step limit`. Default 10,000. */
  readonly maxSteps?: number | undefined;
}

/** Validated options. */
export interface CheckedOptions {
  readonly mode: 'exhaustive' | 'random';
  readonly preemptions: number;
  readonly runs: number;
  readonly seed: number;
  readonly maxSchedules: number;
  readonly maxSteps: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkFn(argument: string, v: unknown): void {
  if (typeof v !== 'function') throw new InvalidArgumentError(argument, 'must be a function');
}

/** Checks a scenario; returns its actor names in declaration order. */
export function checkScenario(scenario: unknown): string[] {
  if (!isObject(scenario)) throw new InvalidArgumentError('scenario', 'must be an object');
  if (typeof scenario.name !== 'string' || scenario.name.length === 0) {
    throw new InvalidArgumentError('scenario.name', 'must be a non-empty string');
  }
  checkFn('scenario.setup', scenario.setup);
  checkFn('scenario.outcome', scenario.outcome);
  checkFn('scenario.forbidden', scenario.forbidden);
  const actors = scenario.actors;
  if (!isObject(actors)) throw new InvalidArgumentError('scenario.actors', 'must be an object');
  const names = Object.keys(actors);
  if (names.length === 0) {
    throw new InvalidArgumentError('scenario.actors', 'must name at least one actor');
  }
  for (const name of names) {
    checkActorName('scenario.actors', name);
    checkFn(`scenario.actors.${name}`, actors[name]);
  }
  return names;
}

function positiveInt(argument: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number') throw new InvalidArgumentError(argument, 'must be a number');
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new OutOfRangeError(argument, `must be a positive integer, got ${v}`);
  }
  return v;
}

/** Checks `explore` options and fills in the defaults. */
export function checkOptions(options: unknown): CheckedOptions {
  if (options === undefined) options = {};
  if (!isObject(options)) throw new InvalidArgumentError('options', 'must be an object');
  const known = ['mode', 'preemptions', 'runs', 'seed', 'maxSchedules', 'maxSteps'];
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) throw new InvalidArgumentError(`options.${k}`, 'is not an option');
  }
  const mode = options.mode ?? 'exhaustive';
  if (mode !== 'exhaustive' && mode !== 'random') {
    throw new InvalidArgumentError('options.mode', `must be 'exhaustive' or 'random'`);
  }
  const p = options.preemptions ?? 2;
  if (typeof p !== 'number')
    throw new InvalidArgumentError('options.preemptions', 'must be a number');
  if (p !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(p) || p < 0)) {
    throw new OutOfRangeError(
      'options.preemptions',
      `must be a non-negative integer or Infinity, got ${p}`,
    );
  }
  const seed = options.seed ?? 42;
  if (typeof seed !== 'number') throw new InvalidArgumentError('options.seed', 'must be a number');
  if (!Number.isSafeInteger(seed)) {
    throw new OutOfRangeError('options.seed', `must be an integer, got ${seed}`);
  }
  return {
    mode,
    preemptions: p,
    runs: positiveInt('options.runs', options.runs, 1_000),
    seed: seed >>> 0,
    maxSchedules: positiveInt('options.maxSchedules', options.maxSchedules, 100_000),
    maxSteps: positiveInt('options.maxSteps', options.maxSteps, 10_000),
  };
}
