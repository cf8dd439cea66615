/**
 * Sequential models: the specification a concurrent history is checked against.
 */
import { InvalidArgumentError } from '../../errors.js';
import type { Operation, Thrown } from './history.js';

/** Result of one sequential step: whether `output` is what the model allows, and the next state. */
export interface StepResult<State> {
  readonly ok: boolean;
  readonly state: State;
}

/**
 * A deterministic sequential specification.
 *
 * - `init()` is the state before any operation.
 * - `step(state, input, output)` says whether running `input` in `state` may return `output`
 *   (a {@link Thrown} record when the call threw) and gives the state after it. It must be pure
 *   and deterministic, and must never mutate `state`: the checker keeps and revisits old states.
 * - `equal` and `hash` identify states for memoisation: `equal(a, b)` must imply
 *   `hash(a) === hash(b)`.
 * - `partition(ops)` (optional) splits a history into independent sub-histories (one per key):
 *   the history is linearizable exactly when each part is (P-compositionality). Every operation
 *   must appear in exactly one part.
 * - `describe(op)` renders an operation (input and output) for reports.
 * - `readOnly(input, output)` (optional) says the operation, with that output, leaves the state
 *   unchanged in every state that allows it (a read, a failed compare-and-set, a call that
 *   threw). The search then linearizes it as soon as it may, without trying it elsewhere — a
 *   large saving when many reads overlap. Answer false when unsure: a wrong true can make the
 *   checker report a linearizable history as not linearizable.
 *
 * @example
 * const flag: Model<boolean, 'set' | 'get', boolean | undefined> = {
 *   init: () => false,
 *   step: (s, input, out) => (input === 'set' ? { ok: true, state: true } : { ok: out === s, state: s }),
 *   equal: (a, b) => a === b,
 *   hash: (s) => (s ? 1 : 0),
 *   describe: (op) => `${op.input} → ${String(op.output)}`,
 * };
 */
export interface Model<State, I = unknown, O = unknown> {
  /** Shown in reports. */
  readonly name?: string;
  init(): State;
  step(state: State, input: I, output: O | Thrown): StepResult<State>;
  equal(a: State, b: State): boolean;
  hash(state: State): string | number;
  partition?(ops: readonly Operation<I, O>[]): readonly (readonly Operation<I, O>[])[];
  describe(op: Operation<I, O>): string;
  readOnly?(input: I, output: O | Thrown): boolean;
}

/**
 * The same model without its `partition` function: the checker then searches the whole history
 * at once. Useful to cross-check partitioning, and for models whose keys interact.
 * @throws InvalidArgumentError (`model`) when `model` is not a model.
 * @example
 * checkLinearizable(history, unpartitioned(registerModel())).ok
 */
export function unpartitioned<State, I, O>(model: Model<State, I, O>): Model<State, I, O> {
  checkModel('model', model);
  return {
    name: model.name,
    init: () => model.init(),
    step: (s, input, output) => model.step(s, input, output),
    equal: (a, b) => model.equal(a, b),
    hash: (s) => model.hash(s),
    describe: (op) => model.describe(op),
    ...(model.readOnly === undefined
      ? {}
      : { readOnly: (input: I, output: O | Thrown) => model.readOnly!(input, output) }),
  };
}

/**
 * Checks that `model` has every required method.
 * @throws InvalidArgumentError naming `${argument}.method`.
 */
export function checkModel(argument: string, model: unknown): void {
  if (typeof model !== 'object' || model === null) {
    throw new InvalidArgumentError(argument, 'must be a model object');
  }
  const m = model as Record<string, unknown>;
  for (const method of ['init', 'step', 'equal', 'hash', 'describe']) {
    if (typeof m[method] !== 'function') {
      throw new InvalidArgumentError(`${argument}.${method}`, 'must be a function');
    }
  }
  for (const method of ['partition', 'readOnly']) {
    if (m[method] !== undefined && typeof m[method] !== 'function') {
      throw new InvalidArgumentError(`${argument}.${method}`, 'must be a function or undefined');
    }
  }
}
