/**
 * Table values are plain data: what every backend can store and compare the same way.
 *
 * `Data` is JSON's value space: `null`, booleans, finite numbers, strings, arrays and plain
 * objects of these. Values are copied on the way in and on the way out, so mutating an object
 * after writing it, or after reading it, never changes table state. `-0` is stored as `0`.
 * Object properties whose value is `undefined` are omitted (as `JSON.stringify` does); any other
 * non-data value (functions, symbols, bigints, `undefined` elsewhere, class instances such as
 * `Date` or `Map`, cycles, holes) is refused with {@link InvalidArgumentError}.
 */
import { InvalidArgumentError, OutOfRangeError } from './errors.js';

/** A value a table can hold. */
export type Data =
  | null
  | boolean
  | number
  | string
  | readonly Data[]
  | { readonly [field: string]: Data };

/** A plain-object value. */
export type DataObject = { readonly [field: string]: Data };

const MAX_DEPTH = 100;

/**
 * Validates `value` as {@link Data} and returns a deep copy of it.
 * @throws InvalidArgumentError / OutOfRangeError naming `argument` (and the path inside it).
 * @example
 * cloneData({ a: [1, 2] }, 'value') // a fresh { a: [1, 2] }
 */
export function cloneData(value: unknown, argument: string): Data {
  if (typeof value !== 'object' || value === null) return cloneAt(value, argument, undefined);
  return cloneAt(value, argument, { objs: [], keys: [] });
}

/**
 * The walk of one `cloneData` call: the objects being copied (ancestors of the current value,
 * for cycle and depth checks) and the keys leading to it. The path string is built only for an
 * error message.
 */
interface Walk {
  readonly objs: object[];
  readonly keys: (string | number)[];
}

function pathOf(argument: string, walk: Walk | undefined, last?: string | number): string {
  let path = argument;
  const keys = walk === undefined ? [] : walk.keys;
  for (const k of last === undefined ? keys : [...keys, last]) {
    path += typeof k === 'number' ? `[${k}]` : `.${k}`;
  }
  return path;
}

function cloneAt(value: unknown, argument: string, walk: Walk | undefined): Data {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new OutOfRangeError(
          argument,
          `${pathOf(argument, walk)} is ${value}; only finite numbers are data`,
        );
      }
      return value === 0 ? 0 : value;
    case 'object': {
      if (value === null) return null;
      const w = walk ?? { objs: [], keys: [] };
      if (w.objs.length >= MAX_DEPTH) {
        throw new InvalidArgumentError(
          argument,
          `${pathOf(argument, w)} nests deeper than ${MAX_DEPTH}`,
        );
      }
      if (w.objs.includes(value)) {
        throw new InvalidArgumentError(argument, `${pathOf(argument, w)} contains itself`);
      }
      w.objs.push(value);
      let out: Data;
      if (Array.isArray(value)) {
        const arr: Data[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) {
            throw new InvalidArgumentError(argument, `${pathOf(argument, w, i)} is a hole`);
          }
          w.keys.push(i);
          arr[i] = cloneAt(value[i], argument, w);
          w.keys.pop();
        }
        out = arr;
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          const name = (value as object).constructor?.name ?? 'object';
          throw new InvalidArgumentError(
            argument,
            `${pathOf(argument, w)} is a ${name}; only plain objects are data`,
          );
        }
        if (Object.getOwnPropertySymbols(value).length > 0) {
          throw new InvalidArgumentError(argument, `${pathOf(argument, w)} has symbol keys`);
        }
        const obj: Record<string, Data> = {};
        for (const k of Object.keys(value)) {
          const v = (value as Record<string, unknown>)[k];
          if (v === undefined) continue;
          w.keys.push(k);
          setField(obj, k, cloneAt(v, argument, w));
          w.keys.pop();
        }
        out = obj;
      }
      w.objs.pop();
      return out;
    }
    default:
      throw new InvalidArgumentError(
        argument,
        `${pathOf(argument, walk)} is ${value === undefined ? 'undefined' : `a ${typeof value}`}; not data`,
      );
  }
}

/** Sets an own property, safely also for the name `__proto__`. */
export function setField(obj: Record<string, Data>, field: string, value: Data): void {
  if (field === '__proto__') {
    Object.defineProperty(obj, field, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    obj[field] = value;
  }
}

/**
 * Deep-copies a value already known to be {@link Data}.
 * @example
 * const copy = copyData(stored);
 */
export function copyData<T extends Data>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => copyData(v)) as unknown as T;
  const out: Record<string, Data> = {};
  for (const k of Object.keys(value)) setField(out, k, copyData((value as DataObject)[k]!));
  return out as T;
}

/**
 * Structural equality of two {@link Data} values; object field order does not matter.
 * @example
 * dataEquals({ a: 1, b: 2 }, { b: 2, a: 1 }) // true
 */
export function dataEquals(a: Data, b: Data): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!dataEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  for (const k of ak) {
    if (!Object.hasOwn(b, k) || !dataEquals((a as DataObject)[k]!, (b as DataObject)[k]!))
      return false;
  }
  return true;
}

/** True for a plain-object {@link Data} value (not an array, not null). */
export function isDataObject(value: Data | undefined): value is DataObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Orders two strings by Unicode code point (the order of their UTF-8 bytes), which is the order
 * every backend can reproduce; JavaScript's `<` compares UTF-16 code units instead.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1; // surrogates encode code points above every BMP unit
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
