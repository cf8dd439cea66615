/**
 * Counter model: an integer per key, incremented atomically.
 */
import type { Key } from '../../../keys.js';
import { safeInt } from '../../../validate.js';
import { type KeyedModel, keyedModel, unknownOp } from '../keyed.js';
import { show } from '../values.js';

/**
 * An operation on a counter: `increment` adds `by` (any safe integer, default 1) and returns the
 * new value (like `Table#updateCounter(key, by, { default: initial })`); `get` returns the value.
 */
export type CounterInput =
  | { readonly op: 'increment'; readonly key: Key; readonly by?: number }
  | { readonly op: 'get'; readonly key: Key };

/** Options of {@link counterModel}. */
export interface CounterModelOptions {
  /** Value of every key before the first increment. Default 0. */
  readonly initial?: number;
}

const OPS = ['increment', 'get'];

/**
 * A keyed integer counter. Partitioned per key.
 * @throws OutOfRangeError (`options.initial`); InvalidArgumentError / OutOfRangeError (`input.by`,
 * `input.op`) while checking, for inputs it does not know.
 * @example
 * // two concurrent increments that both returned 1: a lost update
 * checkLinearizable(history, counterModel()).ok // false
 */
export function counterModel(
  options?: CounterModelOptions,
): KeyedModel<number, CounterInput, number> {
  const initial = safeInt('options.initial', options?.initial ?? 0);
  return keyedModel<number, CounterInput, number>({
    name: 'counter',
    init: () => initial,
    equal: (a, b) => a === b,
    hash: String,
    apply(state, input) {
      switch (input.op) {
        case 'increment': {
          const next = state + (input.by === undefined ? 1 : safeInt('input.by', input.by));
          return { state: next, output: next };
        }
        case 'get':
          return { state, output: state };
        default:
          throw unknownOp((input as { op: unknown }).op, OPS);
      }
    },
    readOnly: (input) => input.op === 'get' || input.by === 0,
    describeInput(input) {
      return input.op === 'increment'
        ? `increment(${show(input.key)}, ${input.by ?? 1})`
        : `get(${show(input.key)})`;
    },
  });
}
