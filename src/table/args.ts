/**
 * @internal The argument checks of Table's operations, shared by the async API ({@link Table})
 * and the synchronous view ({@link SyncTable}): one function per operation, so both give the same
 * result, the same error for the same bad argument (checked in the same order), and write nothing
 * when they throw.
 */
import { cloneData, type Data } from '../data.js';
import { InvalidArgumentError } from '../errors.js';
import { encodeKey, type Key } from '../keys.js';
import type {
  CounterOp,
  CreateOptions as StoreCreateOptions,
  WriteItem,
} from '../store/contract.js';
import {
  knownFields,
  optionalPositiveInt,
  optionsObject,
  positiveInt,
  safeInt,
} from '../validate.js';

/** Expiry of a write: `ttlMs` milliseconds from now (positive integer). Omitted: never expires. */
export interface TtlOptions {
  readonly ttlMs?: number;
}

/** Options of `updateCounter` and `updateFields`. */
export interface CreateOptions<V> {
  /** Inserted first when the key is missing (ETS's `Default`). Without it a missing key fails. */
  readonly default?: V;
  /** Expiry of an entry this call creates; an existing entry keeps its own. */
  readonly ttlMs?: number;
}

/** Options of `entries`. */
export interface EntriesOptions {
  /** Entries fetched per store call. Default 256. */
  readonly batchSize?: number;
}

/** Attempts of the optimistic compare-and-set loop of `update` on stores without `modify`. */
export const MAX_CAS_ATTEMPTS = 1_000;

const COUNTER_OP_FIELDS = ['field', 'incr', 'threshold', 'setValue'];

/** `options.ttlMs` of a write. */
export function ttlOf(options: TtlOptions | undefined): number | undefined {
  const opts = optionsObject('options', options);
  knownFields('options', opts, ['ttlMs']);
  return optionalPositiveInt('options.ttlMs', opts.ttlMs);
}

const NO_CREATE: StoreCreateOptions = Object.freeze({});

/** The store's create options from `{ default, ttlMs }`. */
export function createOf<V>(options: CreateOptions<V> | undefined): StoreCreateOptions {
  if (options === undefined) return NO_CREATE;
  const opts = optionsObject('options', options);
  knownFields('options', opts, ['default', 'ttlMs']);
  return {
    default: opts.default === undefined ? undefined : cloneData(opts.default, 'options.default'),
    ttlMs: optionalPositiveInt('options.ttlMs', opts.ttlMs),
  };
}

/** The item `set`/`insertNew` write. */
export function writeItem(key: Key, value: Data, options: TtlOptions | undefined): WriteItem {
  const ttlMs = ttlOf(options);
  return { key: encodeKey(key), value: cloneData(value, 'value'), ttlMs };
}

/** The items `setMany`/`insertNewMany` write; `unique` refuses a key given twice. */
export function writeItems(
  entries: Iterable<readonly [Key, Data]>,
  options: TtlOptions | undefined,
  unique: boolean,
): WriteItem[] {
  const ttlMs = ttlOf(options);
  if (entries === null || typeof (entries as Iterable<unknown>)?.[Symbol.iterator] !== 'function') {
    throw new InvalidArgumentError('entries', 'must be an iterable of [key, value] pairs');
  }
  const items: WriteItem[] = [];
  const seen = new Set<string>();
  let i = 0;
  for (const pair of entries) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new InvalidArgumentError(`entries[${i}]`, 'must be a [key, value] pair');
    }
    const key = encodeKey(pair[0]);
    if (unique && seen.has(key))
      throw new InvalidArgumentError('entries', `key at index ${i} appears twice`);
    seen.add(key);
    items.push({ key, value: cloneData(pair[1], `entries[${i}]`), ttlMs });
    i++;
  }
  return items;
}

/** The store arguments of `compareAndSet`: encoded key, expected, next, ttlMs. */
export function compareAndSetArgs(
  key: Key,
  expected: Data | undefined,
  next: Data,
  options: TtlOptions | undefined,
): [string, Data | undefined, Data, number | undefined] {
  const ttlMs = ttlOf(options);
  const exp = expected === undefined ? undefined : cloneData(expected, 'expected');
  const k = encodeKey(key);
  return [k, exp, cloneData(next, 'next'), ttlMs];
}

/** The store arguments of `compareAndDelete`: encoded key, expected. */
export function compareAndDeleteArgs(key: Key, expected: Data): [string, Data] {
  return [encodeKey(key), cloneData(expected, 'expected')];
}

/** `update`'s function, checked, wrapped so that what it returns is checked and copied. */
export function updateRunner<V extends Data>(
  fn: (current: V | undefined) => V | undefined,
): (current: Data | undefined) => Data | undefined {
  if (typeof fn !== 'function') throw new InvalidArgumentError('fn', 'must be a function');
  return (cur) => {
    const next = fn(cur as V | undefined);
    if (next === undefined) return undefined;
    if (typeof (next as { then?: unknown })?.then === 'function') {
      throw new InvalidArgumentError('fn', 'must return a value synchronously, not a promise');
    }
    return cloneData(next, 'fn');
  };
}

/** `updateCounter`'s ops as a list (a single number or op becomes a list of one). */
export function counterOps(ops: unknown): CounterOp[] {
  return Array.isArray(ops)
    ? (ops as readonly unknown[]).map((op, i) => counterOp(op, `ops[${i}]`))
    : [counterOp(ops, 'incr')];
}

function counterOp(op: unknown, argument: string): CounterOp {
  if (typeof op === 'number') return { incr: safeInt(argument, op) };
  if (typeof op !== 'object' || op === null || Array.isArray(op)) {
    throw new InvalidArgumentError(
      argument,
      'must be an integer or { field?, incr, threshold?, setValue? }',
    );
  }
  const o = op as Record<string, unknown>;
  knownFields(argument, o, COUNTER_OP_FIELDS);
  if (o.field !== undefined && typeof o.field !== 'string') {
    throw new InvalidArgumentError(`${argument}.field`, 'must be a string');
  }
  const incr = safeInt(`${argument}.incr`, o.incr);
  if ((o.threshold === undefined) !== (o.setValue === undefined)) {
    throw new InvalidArgumentError(argument, 'threshold and setValue go together');
  }
  const threshold =
    o.threshold === undefined ? undefined : safeInt(`${argument}.threshold`, o.threshold);
  const setValue =
    o.setValue === undefined ? undefined : safeInt(`${argument}.setValue`, o.setValue);
  return { field: o.field as string | undefined, incr, threshold, setValue };
}

/** `updateFields`'s fields, copied and checked to be a plain object. */
export function fieldsOf(fields: unknown): Record<string, Data> {
  const f = cloneData(fields, 'fields');
  if (typeof f !== 'object' || f === null || Array.isArray(f)) {
    throw new InvalidArgumentError('fields', 'must be a plain object');
  }
  return f as Record<string, Data>;
}

/** `entries`' page size. */
export function batchOf(options: EntriesOptions | undefined): number {
  const opts = optionsObject('options', options);
  knownFields('options', opts, ['batchSize']);
  return opts.batchSize === undefined ? 256 : positiveInt('options.batchSize', opts.batchSize);
}
