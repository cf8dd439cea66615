/**
 * The interleaving explorer: runs a scenario's actors one at a time between scheduling points
 * and enumerates (exhaustive) or samples (random) the schedules, replaying each from scratch.
 */
import { InvalidArgumentError } from '../../errors.js';
import { NondeterministicScenarioError, ReplayMismatchError } from './errors.js';
import { ActorRun, checkLabel, Run, type StepRecord, yieldPoint } from './runtime.js';
import {
  type CheckedOptions,
  checkOptions,
  checkScenario,
  type ExploreOptions,
  type ExploreScenario,
} from './scenario.js';

/** One step of a schedule: who ran, at which label, and what its operations reported. */
export interface ScheduleStep {
  readonly actor: string;
  readonly label: string;
  readonly notes: readonly string[];
}

/** One executed schedule. */
export interface Schedule {
  /** Replays exactly this schedule: its labels joined by `.` (`A:get.B:get.B:set.A:set`). */
  readonly token: string;
  readonly outcome: string;
  readonly forbidden: boolean;
  /** Switches away from an actor that could still run. */
  readonly preemptions: number;
  readonly steps: readonly ScheduleStep[];
  /** Actor names, in declaration order (the timeline's columns). */
  readonly actors: readonly string[];
}

/** One row of the outcome table (jcstress style). */
export interface OutcomeRow {
  readonly outcome: string;
  readonly count: number;
  /** `count / schedules`. */
  readonly frequency: number;
  readonly verdict: 'ACCEPTABLE' | 'FORBIDDEN';
  /** A replay token of the first schedule that ended this way. */
  readonly example: string;
}

/** What `explore` found. */
export interface ExploreReport {
  readonly scenario: string;
  readonly actors: readonly string[];
  readonly mode: 'exhaustive' | 'random';
  /** Schedules executed. */
  readonly schedules: number;
  /** Distinct schedules among them (equal to `schedules` when exhaustive). */
  readonly distinct: number;
  /** Exhaustive: the preemption bound (`null`: unbounded). Random: `null`. */
  readonly preemptionBound: number | null;
  /** Random: the seed. Exhaustive: `null`. */
  readonly seed: number | null;
  /**
   * Exhaustive and not stopped by `maxSchedules`: every schedule within the bound was run — a
   * proof within bounds. Always false for random sampling.
   */
  readonly complete: boolean;
  /** Exhaustive: some schedules need more preemptions than the bound and were not run. */
  readonly beyondBound: boolean;
  /** One sentence stating the coverage exactly. */
  readonly coverage: string;
  /** Outcomes, most frequent first. */
  readonly outcomes: readonly OutcomeRow[];
  /** Schedules that ended in a forbidden outcome. */
  readonly forbiddenSchedules: number;
  /** The first forbidden schedule with the fewest preemptions, if any. */
  readonly witness: Schedule | null;
}

interface Decision {
  readonly enabled: readonly number[];
  readonly labels: readonly string[];
  readonly chosen: number;
  readonly prev: number | undefined;
  /** Preemptions before this choice. */
  readonly pre: number;
}

interface Execution {
  readonly decisions: readonly Decision[];
  readonly steps: readonly StepRecord[];
  readonly outcome: string;
  readonly preemptions: number;
}

type Chooser = (
  enabled: readonly ActorRun[],
  prev: ActorRun | undefined,
  depth: number,
  all: readonly ActorRun[],
) => ActorRun;

const fmt = (n: number) => n.toLocaleString('en-US');

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** Runs one schedule from scratch: setup, start every actor, then `choose` at every point. */
async function execute<S>(
  scenario: ExploreScenario<S>,
  names: readonly string[],
  choose: Chooser,
  maxSteps: number,
): Promise<Execution> {
  const run = new Run(scenario.name);
  const state = await scenario.setup();
  const actors = names.map((n, i) => new ActorRun(n, i));
  run.actors.push(...actors);
  for (const actor of actors) {
    const fn = scenario.actors[actor.name]!;
    await run.start(actor, () =>
      fn({ actor: actor.name, state, yieldPoint: (label) => yieldPoint(label) }),
    );
  }
  const decisions: Decision[] = [];
  let prev: ActorRun | undefined;
  let preemptions = 0;
  let limited = false;
  for (;;) {
    const enabled = actors.filter((a) => a.status === 'parked');
    if (enabled.length === 0) break;
    if (decisions.length >= maxSteps) {
      limited = true;
      break;
    }
    const chosen = choose(enabled, prev, decisions.length, actors);
    decisions.push({
      enabled: enabled.map((a) => a.index),
      labels: enabled.map((a) => a.label),
      chosen: chosen.index,
      prev: prev?.index,
      pre: preemptions,
    });
    if (prev !== undefined && prev !== chosen && prev.status === 'parked') preemptions++;
    await run.step(chosen);
    prev = chosen;
  }
  let outcome: string;
  const failed = actors.filter((a) => a.status === 'failed');
  const blocked = actors.filter((a) => a.status === 'blocked');
  if (limited) outcome = `step limit: more than ${fmt(maxSteps)} steps`;
  else if (failed.length > 0) {
    outcome = failed.map((a) => `${a.name} threw ${describeError(a.error)}`).join('; ');
  } else if (blocked.length > 0) {
    outcome = `deadlock: ${blocked.map((a) => `${a.name} blocked after ${a.label}`).join(', ')}`;
  } else {
    outcome = await scenario.outcome(state);
    if (typeof outcome !== 'string') {
      throw new InvalidArgumentError('scenario.outcome', 'must return a string');
    }
  }
  return { decisions, steps: run.steps, outcome, preemptions };
}

const defaultChoice = (enabled: readonly ActorRun[], prev: ActorRun | undefined): ActorRun =>
  prev !== undefined && prev.status === 'parked' ? prev : enabled[0]!;

function prefixChooser(scenario: string, prefix: readonly number[]): Chooser {
  return (enabled, prev, depth, all) => {
    if (depth >= prefix.length) return defaultChoice(enabled, prev);
    const actor = all[prefix[depth]!]!;
    if (actor.status !== 'parked') {
      throw new NondeterministicScenarioError(
        scenario,
        `replaying a schedule, ${actor.name} could not run at step ${depth + 1} (it did before)`,
      );
    }
    return actor;
  };
}

/** Builds the schedule record of an execution. */
function toSchedule(exec: Execution, actors: readonly string[], forbidden: boolean): Schedule {
  const steps = exec.steps.map((s) => ({ actor: s.actor, label: s.label, notes: [...s.notes] }));
  return {
    token: steps.map((s) => s.label).join('.'),
    outcome: exec.outcome,
    forbidden,
    preemptions: exec.preemptions,
    steps,
    actors,
  };
}

/** A node of the explored schedule tree: one scheduling decision. `null` children: the end. */
interface TreeNode {
  readonly enabled: readonly number[];
  readonly labels: readonly string[];
  readonly prev: number | undefined;
  readonly pre: number;
  readonly children: Map<number, TreeNode | null>;
}

function nodeOf(d: Decision): TreeNode {
  return { enabled: d.enabled, labels: d.labels, prev: d.prev, pre: d.pre, children: new Map() };
}

/** Adds an execution's path to the tree, checking it agrees with what was seen before. */
function graft(root: TreeNode, exec: Execution, scenario: string): void {
  let node = root;
  const ds = exec.decisions;
  for (let d = 0; d < ds.length; d++) {
    const dec = ds[d]!;
    if (node.labels.join(' ') !== dec.labels.join(' ')) {
      throw new NondeterministicScenarioError(
        scenario,
        `at step ${d + 1} the runnable points were ${node.labels.join(', ')} and are now ${dec.labels.join(', ')}`,
      );
    }
    const last = d === ds.length - 1;
    let child = node.children.get(dec.chosen);
    if (child === undefined) {
      child = last ? null : nodeOf(ds[d + 1]!);
      node.children.set(dec.chosen, child);
    }
    if (last !== (child === null)) {
      throw new NondeterministicScenarioError(
        scenario,
        `the same choices ${last ? 'ended' : 'continued'} after step ${d + 1} this time`,
      );
    }
    if (child !== null) node = child;
  }
}

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Tally {
  readonly rows = new Map<string, { count: number; forbidden: boolean; example: string }>();
  readonly tokens = new Set<string>();
  schedules = 0;
  forbiddenSchedules = 0;
  witness: Schedule | null = null;

  constructor(
    readonly isForbidden: (outcome: string) => boolean,
    readonly actors: readonly string[],
  ) {}

  add(exec: Execution): void {
    this.schedules++;
    let row = this.rows.get(exec.outcome);
    const token = exec.steps.map((s) => s.label).join('.');
    this.tokens.add(token);
    if (row === undefined) {
      const forbidden = this.isForbidden(exec.outcome);
      if (typeof forbidden !== 'boolean') {
        throw new InvalidArgumentError('scenario.forbidden', 'must return a boolean');
      }
      row = { count: 0, forbidden, example: token };
      this.rows.set(exec.outcome, row);
    }
    row.count++;
    if (row.forbidden) {
      this.forbiddenSchedules++;
      if (this.witness === null || exec.preemptions < this.witness.preemptions) {
        this.witness = toSchedule(exec, this.actors, true);
      }
    }
  }

  outcomes(): OutcomeRow[] {
    return [...this.rows]
      .map(([outcome, r]) => ({
        outcome,
        count: r.count,
        frequency: r.count / this.schedules,
        verdict: r.forbidden ? ('FORBIDDEN' as const) : ('ACCEPTABLE' as const),
        example: r.example,
      }))
      .sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome));
  }
}

async function exhaustive<S>(
  scenario: ExploreScenario<S>,
  names: readonly string[],
  o: CheckedOptions,
  tally: Tally,
): Promise<{ complete: boolean; beyondBound: boolean }> {
  const run = (prefix: readonly number[]) =>
    execute(scenario, names, prefixChooser(scenario.name, prefix), o.maxSteps);
  const first = await run([]);
  tally.add(first);
  if (first.decisions.length === 0) return { complete: true, beyondBound: false };
  const root = nodeOf(first.decisions[0]!);
  graft(root, first, scenario.name);
  let stopped = false;
  let pruned = false;

  const visit = async (node: TreeNode, prefix: number[], bound: number): Promise<void> => {
    for (const a of node.enabled) {
      const preempts =
        node.prev !== undefined && a !== node.prev && node.enabled.includes(node.prev);
      if (node.pre + (preempts ? 1 : 0) > bound) {
        pruned = true;
        continue;
      }
      let child = node.children.get(a);
      if (child === undefined) {
        if (tally.schedules >= o.maxSchedules) {
          stopped = true;
          return;
        }
        const exec = await run([...prefix, a]);
        graft(root, exec, scenario.name);
        tally.add(exec);
        child = node.children.get(a)!;
      }
      if (child !== null) await visit(child, [...prefix, a], bound);
      if (stopped) return;
    }
  };

  // Bounds 0, 1, 2…: schedules are discovered in order of preemptions, and each runs once (the
  // tree remembers what earlier bounds ran).
  for (let bound = 0; bound <= o.preemptions; bound++) {
    pruned = false;
    await visit(root, [], bound);
    if (stopped) return { complete: false, beyondBound: pruned };
    if (!pruned) return { complete: true, beyondBound: false };
  }
  return { complete: true, beyondBound: true };
}

/**
 * Explores the schedules of `scenario` and reports every outcome with its count, frequency and
 * verdict, plus a first forbidden witness.
 *
 * Guarantees:
 * - Exactly one actor runs at a time, between scheduling points (store calls through an
 *   `ExploringStore`, the Explore* locks, `ExploreDeferred` settles, `yieldPoint`). Each schedule
 *   runs from a fresh `setup()`.
 * - Exhaustive mode runs every schedule with at most `preemptions` preemptions exactly once, in
 *   order of increasing preemptions (bounds 0, 1, 2…), so the witness has the fewest
 *   preemptions; `report.coverage` states exactly what was covered (and whether the bound cut
 *   anything off). Random mode samples `runs` schedules with a seeded PRNG: the same seed gives
 *   the same report; it is never a proof.
 * - An await the explorer does not control fails the exploration, never silently narrows it.
 *
 * @throws InvalidArgumentError / OutOfRangeError for a bad scenario or options;
 * UncontrolledAwaitError when an actor awaits a timer, real I/O, or an unwrapped store or lock;
 * ScheduleProtocolError when an explored operation is not awaited; NondeterministicScenarioError
 * when the same choices lead to different points; whatever `setup`/`outcome` throw.
 * @example
 * const report = await explore(s01Scenario({ variant: 'naive', actors: 2, increments: 1 }));
 * console.log(report.coverage); // exhaustive: 6 of 6 schedules (...)
 * console.log(report.witness?.token); // A:get.B:get.B:set.A:set
 */
export async function explore<S>(
  scenario: ExploreScenario<S>,
  options?: ExploreOptions,
): Promise<ExploreReport> {
  const names = checkScenario(scenario);
  const o = checkOptions(options);
  const tally = new Tally((outcome) => scenario.forbidden(outcome), names);
  let complete = false;
  let beyondBound = false;
  let coverage: string;
  if (o.mode === 'exhaustive') {
    ({ complete, beyondBound } = await exhaustive(scenario, names, o, tally));
    const n = fmt(tally.schedules);
    const bound =
      o.preemptions === Number.POSITIVE_INFINITY
        ? 'no preemption bound'
        : `preemption bound ${o.preemptions}`;
    if (!complete) {
      coverage = `incomplete: stopped after ${n} schedules (maxSchedules ${fmt(o.maxSchedules)}; ${bound}) — not a proof`;
    } else if (beyondBound) {
      coverage = `exhaustive: ${n} of ${n} schedules with at most ${o.preemptions} preemptions (${bound}; schedules needing more preemptions exist and were not run)`;
    } else {
      coverage = `exhaustive: ${n} of ${n} schedules (${bound}; no schedule needs more — every interleaving of these points)`;
    }
  } else {
    const random = prng(o.seed);
    const choose: Chooser = (enabled) => enabled[Math.floor(random() * enabled.length)]!;
    for (let i = 0; i < o.runs; i++) tally.add(await execute(scenario, names, choose, o.maxSteps));
    coverage = `sampled ${fmt(tally.schedules)} schedules (seed ${o.seed}; ${fmt(tally.tokens.size)} distinct) — a random sample, not a proof`;
  }
  return {
    scenario: scenario.name,
    actors: names,
    mode: o.mode,
    schedules: tally.schedules,
    distinct: tally.tokens.size,
    preemptionBound:
      o.mode === 'exhaustive' && o.preemptions !== Number.POSITIVE_INFINITY ? o.preemptions : null,
    seed: o.mode === 'random' ? o.seed : null,
    complete,
    beyondBound,
    coverage,
    outcomes: tally.outcomes(),
    forbiddenSchedules: tally.forbiddenSchedules,
    witness: tally.witness,
  };
}

/**
 * Splits a replay token into its steps, checking their shape.
 * @throws InvalidArgumentError (`token`) when a step is not `Actor:label`.
 * @example
 * parseToken('A:get.B:set') // [{ actor: 'A', label: 'A:get' }, { actor: 'B', label: 'B:set' }]
 */
export function parseToken(token: unknown): { actor: string; label: string }[] {
  if (typeof token !== 'string') throw new InvalidArgumentError('token', 'must be a string');
  if (token === '') return [];
  return token.split('.').map((label, i) => {
    const colon = label.indexOf(':');
    if (colon < 1) {
      throw new InvalidArgumentError(
        'token',
        `step ${i + 1} (${JSON.stringify(label)}) is not Actor:label; a token is labels joined by '.' (A:get.B:get.A:set)`,
      );
    }
    checkLabel('token', label.slice(colon + 1));
    return { actor: label.slice(0, colon), label };
  });
}

/**
 * Runs exactly the schedule a replay token names (from `report.witness.token` or any
 * `OutcomeRow.example`), checking every label on the way.
 *
 * Guarantee: the schedule is the token's — same actor at every step, same labels — or the call
 * throws; it never silently runs a different schedule.
 * @throws InvalidArgumentError for a malformed token or bad scenario; ReplayMismatchError (with
 * the step, the expected label and what was found) when the scenario no longer offers the token's
 * label at some step, ends before it, or goes on after it; the same run-time errors as `explore`.
 * @example
 * const again = await replay(scenario, report.witness!.token);
 * again.outcome === report.witness!.outcome; // true
 */
export async function replay<S>(
  scenario: ExploreScenario<S>,
  token: string,
  options?: Pick<ExploreOptions, 'maxSteps'>,
): Promise<Schedule> {
  const names = checkScenario(scenario);
  const o = checkOptions(options);
  const wanted = parseToken(token);
  const mismatch = (step: number, expected: string, actual: string) =>
    new ReplayMismatchError(step, expected, actual, scenario.name);
  const choose: Chooser = (enabled, _prev, depth, all) => {
    const w = wanted[depth];
    if (w === undefined) {
      throw mismatch(
        depth + 1,
        'the end of the schedule',
        `${enabled.map((a) => a.label).join(', ')} can still run`,
      );
    }
    const actor = all.find((a) => a.name === w.actor);
    if (actor === undefined) {
      throw mismatch(
        depth + 1,
        w.label,
        `the scenario has no actor ${w.actor} (actors: ${names.join(', ')})`,
      );
    }
    if (actor.status !== 'parked') {
      throw mismatch(
        depth + 1,
        w.label,
        `${actor.name} cannot run there (${actor.status === 'blocked' ? 'blocked' : 'finished'}; runnable: ${enabled.map((a) => a.label).join(', ')})`,
      );
    }
    if (actor.label !== w.label) {
      throw mismatch(depth + 1, w.label, `${actor.name} is at ${actor.label}`);
    }
    return actor;
  };
  const exec = await execute(scenario, names, choose, o.maxSteps);
  if (exec.steps.length < wanted.length) {
    const w = wanted[exec.steps.length]!;
    throw mismatch(exec.steps.length + 1, w.label, 'the schedule already ended');
  }
  const forbidden = scenario.forbidden(exec.outcome);
  if (typeof forbidden !== 'boolean') {
    throw new InvalidArgumentError('scenario.forbidden', 'must return a boolean');
  }
  return toSchedule(exec, names, forbidden);
}
