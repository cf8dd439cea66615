/**
 * checkLinearizable: is a concurrent history equivalent to some sequential run of a model in
 * which every operation takes effect at one instant between its invoke and its return?
 */
import { InvalidArgumentError } from '../../errors.js';
import { knownFields, optionsObject, positiveInt } from '../../validate.js';
import { checkOperation, type Operation } from './history.js';
import { checkModel, type Model } from './model.js';
import { formatTimeline } from './report.js';
import { type Budget, search, signatures } from './search.js';

/** Options of {@link checkLinearizable}. */
export interface CheckOptions {
  /** Wall-clock budget of the whole check, shrinking included (positive integer ms). Default 10,000. */
  readonly timeoutMs?: number;
  /** Budget in search steps (deterministic, unlike `timeoutMs`). Default: unlimited. */
  readonly maxSteps?: number;
  /**
   * Operations that may each be linearized (inside their interval, with their recorded output) or
   * left out — e.g. calls whose effect is uncertain. They are never part of `minimal`.
   */
  readonly optional?: readonly Operation[];
  /** Shrink a failing history to a minimal witness. Default true. */
  readonly shrink?: boolean;
}

/** A proof: every operation of the history, in an order the model accepts and real time allows. */
export interface Linearizable<I, O> {
  readonly ok: true;
  /** The history's operations (plus any `optional` ones linearized) in linearization order. */
  readonly linearization: Operation<I, O>[];
  /** Sub-histories searched independently. */
  readonly partitions: number;
}

/** A refutation: no linearization exists. */
export interface NotLinearizable<I, O> {
  readonly ok: false;
  /**
   * A minimal witness: operations of the history (all from one partition) that cannot all be
   * linearized, whatever every other operation of the history did — each other operation may be
   * taken (inside its interval, with its recorded output) or left out. Minimal means no single
   * operation can be removed: without any one of them the rest can be linearized. (It is a
   * non-linearizable sub-history by itself too.) With `shrink: false`, the whole failing partition.
   */
  readonly minimal: Operation<I, O>[];
  /** True when minimality is proven; false when the budget ran out while shrinking. */
  readonly fullyShrunk: boolean;
  /** A readable explanation: counts and the witness as a per-actor timeline. */
  readonly report: string;
  readonly partitions: number;
}

/** The budget ran out before a proof either way. Never read this as success. */
export interface Undecided {
  readonly ok: 'unknown';
  readonly reason: 'timeout' | 'steps';
  readonly report: string;
  readonly partitions: number;
}

/** Verdict of {@link checkLinearizable}. */
export type CheckResult<I = unknown, O = unknown> =
  | Linearizable<I, O>
  | NotLinearizable<I, O>
  | Undecided;

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Checks a history for linearizability against a sequential `model`, with the Wing–Gong–Lowe
 * search memoised on (linearized set, model state). When the model has a `partition` function
 * each part (one key) is searched alone (P-compositionality), which keeps the search small.
 *
 * Guarantee: `ok: true` comes with a linearization, `ok: false` with a witness the search proved
 * non-linearizable; when the budget runs out first the answer is `ok: 'unknown'`, never success.
 * Operation `a` precedes `b` exactly when `a.returnedAt < b.invokedAt`; equal timestamps count
 * as concurrent. The history's operations are typed loosely (a recorder without type
 * parameters works); the model checks each input while stepping.
 *
 * @throws InvalidArgumentError / OutOfRangeError naming the argument (`history[3].returnedAt`,
 * `model.step`, `options.timeoutMs`, …), InvalidArgumentError (`model.partition`) when the
 * partition does not place every operation exactly once; whatever the model throws.
 * @example
 * const r = checkLinearizable(recorder.history(), counterModel(), { timeoutMs: 5_000 });
 * if (r.ok === false) console.log(r.report);
 */
export function checkLinearizable<S, I, O>(
  history: readonly Operation[],
  model: Model<S, I, O>,
  options?: CheckOptions,
): CheckResult<I, O> {
  return check(history as readonly Operation<I, O>[], model, options);
}

function check<S, I, O>(
  history: readonly Operation<I, O>[],
  model: Model<S, I, O>,
  options: CheckOptions | undefined,
): CheckResult<I, O> {
  if (!Array.isArray(history)) {
    throw new InvalidArgumentError('history', 'must be an array of operations');
  }
  checkModel('model', model);
  const opts = optionsObject('options', options);
  knownFields('options', opts, ['timeoutMs', 'maxSteps', 'optional', 'shrink']);
  const timeoutMs =
    opts.timeoutMs === undefined
      ? DEFAULT_TIMEOUT_MS
      : positiveInt('options.timeoutMs', opts.timeoutMs);
  const maxSteps =
    opts.maxSteps === undefined
      ? Number.POSITIVE_INFINITY
      : positiveInt('options.maxSteps', opts.maxSteps);
  if (opts.shrink !== undefined && typeof opts.shrink !== 'boolean') {
    throw new InvalidArgumentError('options.shrink', 'must be a boolean');
  }
  const optional = (opts.optional ?? []) as readonly Operation<I, O>[];
  if (!Array.isArray(optional)) {
    throw new InvalidArgumentError('options.optional', 'must be an array of operations');
  }

  // Every operation once, remembering its place in the history (-1: optional).
  const place = new Map<Operation<I, O>, number>();
  history.forEach((op, i) => {
    checkOperation(`history[${i}]`, op);
    if (place.has(op)) throw new InvalidArgumentError(`history[${i}]`, 'appears twice');
    place.set(op, i);
  });
  optional.forEach((op, i) => {
    checkOperation(`options.optional[${i}]`, op);
    if (place.has(op)) {
      throw new InvalidArgumentError(`options.optional[${i}]`, 'is also in history (or twice)');
    }
    place.set(op, -1);
  });
  const all = [...history, ...optional];
  const parts = partitionOf(model, all, place);

  const budget: Budget = {
    deadline: performance.now() + timeoutMs,
    steps: 0,
    maxSteps,
    exhausted: undefined,
  };
  const orders: Operation<I, O>[][] = [];
  for (let p = 0; p < parts.length; p++) {
    const ops = parts[p]!;
    const required = ops.map((op) => place.get(op)! >= 0);
    const classes = signatures(ops);
    const outcome = search(ops, required, model, budget, classes);
    if (outcome.kind === 'ok') {
      orders.push(outcome.order.map((i) => ops[i]!));
      continue;
    }
    if (outcome.kind === 'unknown') {
      return {
        ok: 'unknown',
        reason: budget.exhausted ?? 'steps',
        partitions: parts.length,
        report:
          `unknown: the search budget (${budget.exhausted === 'timeout' ? `${timeoutMs} ms` : `${maxSteps} steps`}) ` +
          `ran out in partition ${p + 1} of ${parts.length} (${ops.length} operations); nothing is proven.`,
      };
    }
    const shrunk =
      opts.shrink === false
        ? { witness: ops.filter((_, i) => required[i]), complete: false }
        : shrink(ops, required, model, budget, classes);
    return {
      ok: false,
      minimal: shrunk.witness,
      fullyShrunk: shrunk.complete,
      partitions: parts.length,
      report: describeFailure(model, history.length, ops.length, parts.length, shrunk, place),
    };
  }
  return { ok: true, linearization: merge(orders), partitions: parts.length };
}

function partitionOf<S, I, O>(
  model: Model<S, I, O>,
  all: Operation<I, O>[],
  place: ReadonlyMap<Operation<I, O>, number>,
): (readonly Operation<I, O>[])[] {
  if (model.partition === undefined) return [all];
  const parts = model.partition(all);
  if (!Array.isArray(parts))
    throw new InvalidArgumentError('model.partition', 'must return an array of arrays');
  const seen = new Set<Operation<I, O>>();
  for (const part of parts) {
    if (!Array.isArray(part))
      throw new InvalidArgumentError('model.partition', 'must return an array of arrays');
    for (const op of part) {
      if (!place.has(op) || seen.has(op)) {
        throw new InvalidArgumentError(
          'model.partition',
          'must place every operation exactly once',
        );
      }
      seen.add(op);
    }
  }
  if (seen.size !== all.length) {
    throw new InvalidArgumentError('model.partition', 'must place every operation exactly once');
  }
  return parts.filter((part) => part.length > 0);
}

/**
 * Greedy shrinking. Whether a set W of operations "fails" (cannot be linearized while the others
 * of the partition are optional) is monotone: a superset of a failing set fails. So an operation
 * found necessary once stays necessary, and one pass of single removals after the coarse passes
 * (halving chunks, then whole actors) leaves a witness from which no single operation can be removed.
 */
function shrink<S, I, O>(
  ops: readonly Operation<I, O>[],
  required: readonly boolean[],
  model: Model<S, I, O>,
  budget: Budget,
  classes: Int32Array,
): { witness: Operation<I, O>[]; complete: boolean } {
  // Ordered by return; removal starts from the end, so the witness gravitates to the earliest
  // anomaly, where few operations precede it and each search is small.
  let witness = required
    .flatMap((r, i) => (r ? [i] : []))
    .sort((x, y) => ops[x]!.returnedAt - ops[y]!.returnedAt || x - y);
  let decisive = true;
  const fails = (candidate: readonly number[]): boolean => {
    if (candidate.length === 0) return false;
    // Optional operations invoked after every required one returned can go last: irrelevant.
    let last = Number.NEGATIVE_INFINITY;
    for (const i of candidate) last = Math.max(last, ops[i]!.returnedAt);
    const chosen = new Set(candidate);
    const keep = ops.flatMap((o, i) => (chosen.has(i) || o.invokedAt <= last ? [i] : []));
    const outcome = search(
      keep.map((i) => ops[i]!),
      keep.map((i) => chosen.has(i)),
      model,
      budget,
      Int32Array.from(keep, (i) => classes[i]!),
    );
    if (outcome.kind === 'unknown') decisive = false;
    return outcome.kind === 'fail';
  };
  const without = (drop: ReadonlySet<number>) => witness.filter((i) => !drop.has(i));

  // Halving chunks, from the end.
  for (let size = witness.length >> 1; size >= 2 && !budget.exhausted; size >>= 1) {
    for (let end = witness.length; end > 0 && !budget.exhausted; ) {
      const start = Math.max(0, end - size);
      const candidate = without(new Set(witness.slice(start, end)));
      if (fails(candidate)) witness = candidate;
      end = start;
    }
  }
  // Whole actors.
  for (const actor of new Set(witness.map((i) => ops[i]!.actor))) {
    if (budget.exhausted) break;
    const candidate = witness.filter((i) => ops[i]!.actor !== actor);
    if (candidate.length < witness.length && fails(candidate)) witness = candidate;
  }
  // Single operations, from the end.
  for (let k = witness.length - 1; k >= 0 && !budget.exhausted; k--) {
    const candidate = without(new Set([witness[k]!]));
    if (fails(candidate)) witness = candidate;
  }
  return {
    witness: witness.map((i) => ops[i]!),
    complete: decisive && budget.exhausted === undefined,
  };
}

function describeFailure<S, I, O>(
  model: Model<S, I, O>,
  total: number,
  partSize: number,
  parts: number,
  shrunk: { witness: Operation<I, O>[]; complete: boolean },
  place: ReadonlyMap<Operation<I, O>, number>,
): string {
  const name = model.name === undefined ? '' : ` against the ${model.name} model`;
  const labels = new Map(shrunk.witness.map((op) => [op, `#${place.get(op)}`]));
  const n = shrunk.witness.length;
  return [
    `not linearizable${name}: ${n} operation${n === 1 ? '' : 's'} of ${total} ` +
      `(from a partition of ${partSize}, ${parts} partition${parts === 1 ? '' : 's'}) ` +
      'cannot all take effect inside their intervals, whatever the other operations did.',
    shrunk.complete
      ? 'Minimal witness (without any one of these, the rest linearize):'
      : 'Witness (shrinking stopped early; it may not be minimal):',
    formatTimeline(shrunk.witness, model, labels),
  ].join('\n');
}

/**
 * Merges per-partition linearizations into one. Each operation gets the point
 * max(previous point, its invoke) — inside its interval because its partition's order respects
 * real time — and sorting by point respects real time across partitions.
 */
function merge<I, O>(orders: readonly Operation<I, O>[][]): Operation<I, O>[] {
  const pointed: { op: Operation<I, O>; point: number; part: number; seq: number }[] = [];
  orders.forEach((order, part) => {
    let point = Number.NEGATIVE_INFINITY;
    order.forEach((op, seq) => {
      point = Math.max(point, op.invokedAt);
      pointed.push({ op, point, part, seq });
    });
  });
  pointed.sort((a, b) => a.point - b.point || a.part - b.part || a.seq - b.seq);
  return pointed.map((p) => p.op);
}
