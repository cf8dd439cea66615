/**
 * `updateCounter` semantics (ETS `update_counter`) as a pure function over a value, shared by the
 * in-process backends; the redis store mirrors it in Lua.
 */
import { type Data, type DataObject, isDataObject, setField } from '../data.js';
import { NotACounterError, OutOfRangeError } from '../errors.js';
import type { CounterOp } from './contract.js';

/**
 * Applies `ops` in order to a copy of `current` and returns the new value and each op's result.
 * Each op sees the results of the ops before it. Throws before anything is returned, so a caller
 * that commits only the returned value is all-or-nothing.
 * @throws NotACounterError when a target is not an integer (or the value not an object when an op
 * names a field); OutOfRangeError (argument `incr`) when a result leaves the safe-integer range.
 * @example
 * applyCounterOps({ hits: 9 }, [{ field: 'hits', incr: 1, threshold: 9, setValue: 0 }]) // { value: { hits: 0 }, results: [0] }
 */
export function applyCounterOps(
  current: Data,
  ops: readonly CounterOp[],
): { value: Data; results: number[] } {
  let value: Data = current;
  let obj: Record<string, Data> | undefined;
  const results: number[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    let cur: Data | undefined;
    if (op.field === undefined) {
      cur = value;
      if (typeof cur !== 'number' || !Number.isInteger(cur)) {
        throw new NotACounterError('key', `value is ${describe(cur)}, not an integer counter`);
      }
    } else {
      if (!isDataObject(value)) {
        throw new NotACounterError(
          'field',
          `op ${i} names field '${op.field}' but the value is ${describe(value)}`,
        );
      }
      cur = Object.hasOwn(value, op.field) ? (value as DataObject)[op.field] : undefined;
      if (typeof cur !== 'number' || !Number.isInteger(cur)) {
        throw new NotACounterError(
          'field',
          `field '${op.field}' is ${describe(cur)}, not an integer counter`,
        );
      }
    }
    let next = cur + op.incr;
    if (op.threshold !== undefined && op.setValue !== undefined) {
      if ((op.incr >= 0 && next > op.threshold) || (op.incr < 0 && next < op.threshold))
        next = op.setValue;
    }
    if (!Number.isSafeInteger(next)) {
      throw new OutOfRangeError(
        'incr',
        `op ${i} would take the counter to ${next}, beyond the safe-integer range`,
      );
    }
    if (op.field === undefined) {
      value = next;
    } else {
      if (obj === undefined) {
        obj = { ...(value as DataObject) };
        value = obj;
      }
      setField(obj, op.field, next);
    }
    results.push(next);
  }
  return { value, results };
}

function describe(v: Data | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return `the number ${v}`;
  return `a ${typeof v}`;
}
