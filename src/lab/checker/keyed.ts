/**
 * Keyed models: a per-key sequential specification (a "cell") lifted to a map of keys, with a
 * partition function per key so the checker can search each key's sub-history independently.
 */
import { InvalidArgumentError } from '../../errors.js';
import { encodeKey, type Key } from '../../keys.js';
import { isThrown, type Operation, type Thrown } from './history.js';
import type { Model, StepResult } from './model.js';
import { sameValue, show } from './values.js';

/** Every input of a keyed model names its operation and its key. */
export interface KeyedInput {
  readonly op: string;
  readonly key: Key;
}

/**
 * The sequential behaviour of one key: a deterministic `apply(state, input) → { state, output }`.
 * `apply` must not mutate `state`, and throws InvalidArgumentError naming `input.*` for an input
 * it does not understand.
 */
export interface CellSpec<S, I extends KeyedInput, O> {
  readonly name: string;
  init(): S;
  apply(state: S, input: I): { readonly state: S; readonly output: O };
  equal(a: S, b: S): boolean;
  hash(state: S): string;
  /** The call without its output, e.g. `increment("hits", 1)`. */
  describeInput(input: I): string;
  /** Whether `input` returning `output` never changes the state (see {@link Model.readOnly}). */
  readOnly?(input: I, output: O): boolean;
}

/** State of a keyed model: encoded key → that key's state (keys still in their initial state are absent). */
export type KeyedState<S> = ReadonlyMap<string, S>;

/**
 * A model over many independent keys. Besides {@link Model} it exposes `apply`, the sequential
 * implementation itself (used to generate histories that are linearizable by construction).
 * Calls that threw ({@link Thrown} outputs) are steps that change nothing and are allowed in
 * every state: a raceless operation that throws writes nothing.
 */
export interface KeyedModel<S, I extends KeyedInput, O> extends Model<KeyedState<S>, I, O> {
  readonly name: string;
  /** Runs `input` sequentially: the output it must return and the next state. */
  apply(state: KeyedState<S>, input: I): { readonly state: KeyedState<S>; readonly output: O };
  partition(ops: readonly Operation<I, O>[]): Operation<I, O>[][];
  readOnly(input: I, output: O | Thrown): boolean;
}

/**
 * Lifts a per-key specification to a keyed, partitioned {@link Model}.
 * @throws InvalidArgumentError (`cell`) when `cell` lacks a method.
 * @example
 * const flags = keyedModel<boolean, { op: 'set' | 'get'; key: Key }, boolean | undefined>({
 *   name: 'flag', init: () => false, equal: (a, b) => a === b, hash: (s) => (s ? 't' : 'f'),
 *   apply: (s, i) => (i.op === 'set' ? { state: true, output: undefined } : { state: s, output: s }),
 *   describeInput: (i) => `${i.op}(${String(i.key)})`,
 * });
 */
export function keyedModel<S, I extends KeyedInput, O>(
  cell: CellSpec<S, I, O>,
): KeyedModel<S, I, O> {
  for (const method of ['init', 'apply', 'equal', 'hash', 'describeInput'] as const) {
    if (typeof cell?.[method] !== 'function') {
      throw new InvalidArgumentError(`cell.${method}`, 'must be a function');
    }
  }
  if (cell.readOnly !== undefined && typeof cell.readOnly !== 'function') {
    throw new InvalidArgumentError('cell.readOnly', 'must be a function or undefined');
  }
  const initial = cell.init();
  const empty: KeyedState<S> = new Map();

  const withKey = (state: KeyedState<S>, k: string, before: S, after: S): KeyedState<S> => {
    if (after === before) return state;
    const next = new Map(state);
    if (cell.equal(after, initial)) next.delete(k);
    else next.set(k, after);
    return next;
  };
  const apply = (state: KeyedState<S>, input: I) => {
    const k = keyOf(input);
    const before = state.get(k) ?? initial;
    const r = cell.apply(before, input);
    return { state: withKey(state, k, before, r.state), output: r.output };
  };

  return {
    name: cell.name,
    init: () => empty,
    apply,
    step(state: KeyedState<S>, input: I, output: O | Thrown): StepResult<KeyedState<S>> {
      if (isThrown(output)) return { ok: true, state };
      const k = keyOf(input);
      const before = state.get(k) ?? initial;
      const r = cell.apply(before, input);
      if (!sameValue(r.output, output)) return { ok: false, state };
      return { ok: true, state: withKey(state, k, before, r.state) };
    },
    equal(a, b) {
      if (a === b) return true;
      if (a.size !== b.size) return false;
      for (const [k, s] of a) {
        const t = b.get(k);
        if (t === undefined || !cell.equal(s, t)) return false;
      }
      return true;
    },
    hash(state) {
      if (state.size === 0) return '';
      const parts: string[] = [];
      for (const [k, s] of state) parts.push(`${k}=${cell.hash(s)}`);
      if (parts.length > 1) parts.sort();
      return parts.join(';');
    },
    partition(ops) {
      const parts = new Map<string, Operation<I, O>[]>();
      for (const op of ops) {
        const k = keyOf(op.input);
        let part = parts.get(k);
        if (part === undefined) {
          part = [];
          parts.set(k, part);
        }
        part.push(op);
      }
      return [...parts.values()];
    },
    readOnly(input, output) {
      return isThrown(output) || (cell.readOnly?.(input, output) ?? false);
    },
    describe(op) {
      const out = isThrown(op.output)
        ? `throws ${op.output.code ?? op.output.name}`
        : show(op.output);
      return `${cell.describeInput(op.input)} → ${out}`;
    },
  };
}

/** Encoded keys of inputs already seen (the search asks for the same input many times). */
const encoded = new WeakMap<object, string>();

function keyOf(input: KeyedInput): string {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidArgumentError('input', 'must be an object with op and key');
  }
  let k = encoded.get(input);
  if (k === undefined) {
    if (input.key === undefined) throw new InvalidArgumentError('input.key', 'is required');
    k = encodeKey(input.key, 'input.key');
    encoded.set(input, k);
  }
  return k;
}

/**
 * The InvalidArgumentError a cell throws for an operation name it does not know.
 * @example
 * throw unknownOp(input.op, ['get', 'set'])
 */
export function unknownOp(op: unknown, known: readonly string[]): InvalidArgumentError {
  return new InvalidArgumentError(
    'input.op',
    `unknown operation ${show(op)} (known: ${known.join(', ')})`,
  );
}
