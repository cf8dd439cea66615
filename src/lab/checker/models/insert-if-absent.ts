/**
 * Insert-if-absent map model: ETS `insert_new` / `take` semantics per key.
 */
import type { Key } from '../../../keys.js';
import { type KeyedModel, keyedModel, unknownOp } from '../keyed.js';
import { canonical, sameValue, show } from '../values.js';

/**
 * An operation on an insert-if-absent map: `insertNew` writes only when the key is absent and
 * returns whether it wrote; `get` returns the value or `undefined`; `delete` returns whether a
 * value was removed; `take` removes and returns the value (of concurrent takers exactly one gets it).
 */
export type InsertIfAbsentInput<V = unknown> =
  | { readonly op: 'insertNew'; readonly key: Key; readonly value: V }
  | { readonly op: 'get'; readonly key: Key }
  | { readonly op: 'delete'; readonly key: Key }
  | { readonly op: 'take'; readonly key: Key };

/** Output of an insert-if-absent operation (see {@link InsertIfAbsentInput}). */
export type InsertIfAbsentOutput<V = unknown> = V | boolean | undefined;

const OPS = ['insertNew', 'get', 'delete', 'take'];

/**
 * A keyed map with `insertNew`, `get`, `delete` and `take` — the semantics of the same `Table`
 * methods. Every key starts absent. Partitioned per key.
 * @throws InvalidArgumentError (`input.op`, `input.key`) while checking, for inputs it does not know.
 * @example
 * // two insertNew calls on one key that both returned true
 * checkLinearizable(history, insertIfAbsentModel()).ok // false
 */
export function insertIfAbsentModel<V = unknown>(): KeyedModel<
  V | undefined,
  InsertIfAbsentInput<V>,
  InsertIfAbsentOutput<V>
> {
  return keyedModel<V | undefined, InsertIfAbsentInput<V>, InsertIfAbsentOutput<V>>({
    name: 'insert-if-absent',
    init: () => undefined,
    equal: sameValue,
    hash: canonical,
    apply(state, input) {
      switch (input.op) {
        case 'insertNew':
          return state === undefined
            ? { state: input.value, output: true }
            : { state, output: false };
        case 'get':
          return { state, output: state };
        case 'delete':
          return { state: undefined, output: state !== undefined };
        case 'take':
          return { state: undefined, output: state };
        default:
          throw unknownOp((input as { op: unknown }).op, OPS);
      }
    },
    // get; insertNew → false; delete → false and take → undefined (both only when absent).
    readOnly: (input, output) =>
      input.op === 'get' ||
      (input.op === 'insertNew' && output === false) ||
      (input.op === 'delete' && output === false) ||
      (input.op === 'take' && output === undefined),
    describeInput(input) {
      return input.op === 'insertNew'
        ? `insertNew(${show(input.key)}, ${show(input.value)})`
        : `${input.op}(${show(input.key)})`;
    },
  });
}
