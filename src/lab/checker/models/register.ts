/**
 * Register model: one value per key, read and written as a whole.
 */
import type { Key } from '../../../keys.js';
import { type KeyedModel, keyedModel, unknownOp } from '../keyed.js';
import { canonical, sameValue, show } from '../values.js';

/**
 * An operation on a register: `get` → the value (`undefined` when absent); `set` → `undefined`;
 * `compareAndSet` → whether it wrote (`expected: undefined` means "only when absent");
 * `delete` → whether a value was removed.
 */
export type RegisterInput<V = unknown> =
  | { readonly op: 'get'; readonly key: Key }
  | { readonly op: 'set'; readonly key: Key; readonly value: V }
  | {
      readonly op: 'compareAndSet';
      readonly key: Key;
      readonly expected: V | undefined;
      readonly next: V;
    }
  | { readonly op: 'delete'; readonly key: Key };

/** Output of a register operation (see {@link RegisterInput}). */
export type RegisterOutput<V = unknown> = V | boolean | undefined;

/** Options of {@link registerModel}. */
export interface RegisterModelOptions<V> {
  /** Value of every key before any write. Default: absent (`undefined`). */
  readonly initial?: V;
}

const OPS = ['get', 'set', 'compareAndSet', 'delete'];

/**
 * A keyed register with `get`, `set`, `compareAndSet` and `delete` — the semantics of
 * `Table#get/set/compareAndSet/delete` (values compared structurally). Partitioned per key.
 * @throws InvalidArgumentError (`input.op`, `input.key`) while checking, for inputs it does not know.
 * @example
 * checkLinearizable(history, registerModel()).ok
 */
export function registerModel<V = unknown>(
  options?: RegisterModelOptions<V>,
): KeyedModel<V | undefined, RegisterInput<V>, RegisterOutput<V>> {
  const initial = options?.initial;
  return keyedModel<V | undefined, RegisterInput<V>, RegisterOutput<V>>({
    name: 'register',
    init: () => initial,
    equal: sameValue,
    hash: canonical,
    apply(state, input) {
      switch (input.op) {
        case 'get':
          return { state, output: state };
        case 'set':
          return { state: input.value, output: undefined };
        case 'compareAndSet':
          return sameValue(state, input.expected)
            ? { state: input.next, output: true }
            : { state, output: false };
        case 'delete':
          return { state: undefined, output: state !== undefined };
        default:
          throw unknownOp((input as { op: unknown }).op, OPS);
      }
    },
    // get; compareAndSet → false; delete → false (only allowed when absent: stays absent).
    readOnly: (input, output) => input.op === 'get' || (input.op !== 'set' && output === false),
    describeInput(input) {
      switch (input.op) {
        case 'set':
          return `set(${show(input.key)}, ${show(input.value)})`;
        case 'compareAndSet':
          return `compareAndSet(${show(input.key)}, ${show(input.expected)}, ${show(input.next)})`;
        default:
          return `${input.op}(${show(input.key)})`;
      }
    },
  });
}
