/**
 * SyncTable: the synchronous view of a {@link Table}, for stores that run their steps
 * synchronously (memory; workers). Built only on the store's registered `SyncSteps`.
 */

import type { Data } from '../data.js';
import { ContentionError } from '../errors.js';
import { publishTableEvent } from '../events.js';
import { decodeKey, encodeKey, type Key } from '../keys.js';
import type { CounterOp, Limits, Spec } from '../store/contract.js';
import { validateSpec } from '../store/spec.js';
import { type BoundSteps, bindSteps, type SyncSteps } from '../store/sync.js';
import {
  batchOf,
  type CreateOptions,
  compareAndDeleteArgs,
  compareAndSetArgs,
  counterOps,
  createOf,
  type EntriesOptions,
  fieldsOf,
  MAX_CAS_ATTEMPTS,
  type TtlOptions,
  ttlOf,
  updateRunner,
  writeItem,
  writeItems,
} from './args.js';

/**
 * The synchronous view of a table (`table.sync`): the same operations, with the same semantics,
 * atomicity, copies and errors as {@link Table}, returning values directly instead of promises.
 * It exists only on stores that run their steps synchronously — the memory store, and the
 * workers store (where a step that finds another thread in its short write section spins for a
 * bounded time, then throws `ContentionError`). Use it on hot paths; there is no await inside any
 * call, so each call is one atomic step like its async twin.
 *
 * @throws every method throws what its async twin rejects with: InvalidArgumentError /
 * OutOfRangeError naming the argument (nothing written), and the store's errors
 * (NotFoundError, NotACounterError, WrongTypeError, CapacityExceededError, ...).
 * @example
 * const hits = new Table<number>('hits').sync;
 * hits.updateCounter('home', 1, { default: 0 }); // 1
 * hits.get('home'); // 1
 */
export class SyncTable<V extends Data = Data> {
  /** The table's name. */
  readonly name: string;
  readonly #steps: SyncSteps;
  readonly #limits: Limits;
  readonly #bound: BoundSteps;
  // The last string key and its encoding: a hot key is encoded once (a fresh encoded string
  // would cost an allocation and a hash on every call).
  #lastKey = '';
  #lastEncoded = encodeKey('');

  /** @internal Made by `Table#sync`; not constructed by users. */
  constructor(name: string, steps: SyncSteps, limits: Limits) {
    this.name = name;
    this.#steps = steps;
    this.#limits = limits;
    this.#bound = bindSteps(steps, name);
  }

  #encode(key: Key): string {
    if (typeof key !== 'string') return encodeKey(key);
    if (key !== this.#lastKey) {
      this.#lastEncoded = encodeKey(key);
      this.#lastKey = key;
    }
    return this.#lastEncoded;
  }

  /**
   * The live value of `key`, or undefined.
   * @example table.sync.get(['user', 1])
   */
  get(key: Key): V | undefined {
    return this.#bound.get(this.#encode(key), this.#limits) as V | undefined;
  }

  /**
   * Whether `key` has a live value.
   * @example table.sync.has('a') // false
   */
  has(key: Key): boolean {
    return this.#bound.get(this.#encode(key), this.#limits) !== undefined;
  }

  /**
   * Writes `value` under `key`, replacing any value and expiry it had.
   * @throws CapacityExceededError when `key` is new and the table is full.
   * @example table.sync.set('session', { user: 1 }, { ttlMs: 60_000 })
   */
  set(key: Key, value: V, options?: TtlOptions): void {
    this.#steps.put(this.name, [writeItem(key, value, options)], 'set', this.#limits);
  }

  /**
   * Writes every entry in one atomic step (later duplicates win); all or nothing.
   * @throws CapacityExceededError when the new keys would exceed `maxEntries`.
   * @example table.sync.setMany([['a', 1], ['b', 2]])
   */
  setMany(entries: Iterable<readonly [Key, V]>, options?: TtlOptions): void {
    this.#steps.put(this.name, writeItems(entries, options, false), 'set', this.#limits);
  }

  /**
   * Inserts only if `key` has no live value; returns whether it inserted.
   * @throws CapacityExceededError when the table is full.
   * @example if (table.sync.insertNew('job-7', me)) runJob();
   */
  insertNew(key: Key, value: V, options?: TtlOptions): boolean {
    return this.#steps.put(this.name, [writeItem(key, value, options)], 'insertNew', this.#limits);
  }

  /**
   * Inserts all entries only if none of their keys has a live value; all or nothing.
   * @throws InvalidArgumentError (`entries`) when a key appears twice; CapacityExceededError.
   * @example table.sync.insertNewMany([['a', 1], ['b', 2]])
   */
  insertNewMany(entries: Iterable<readonly [Key, V]>, options?: TtlOptions): boolean {
    return this.#steps.put(
      this.name,
      writeItems(entries, options, true),
      'insertNew',
      this.#limits,
    );
  }

  /**
   * Removes `key` and returns the value it had.
   * @example const job = table.sync.take('job-7')
   */
  take(key: Key): V | undefined {
    return this.#steps.take(this.name, encodeKey(key)) as V | undefined;
  }

  /**
   * Removes `key`; returns whether a live entry was removed.
   * @example table.sync.delete('a')
   */
  delete(key: Key): boolean {
    return this.#steps.delete(this.name, encodeKey(key));
  }

  /**
   * Writes `next` only when the current value structurally equals `expected` (`undefined`: only
   * when absent); returns whether it wrote.
   * @throws CapacityExceededError when it would create an entry in a full table.
   * @example table.sync.compareAndSet('k', 1, 2)
   */
  compareAndSet(key: Key, expected: V | undefined, next: V, options?: TtlOptions): boolean {
    const [k, exp, nxt, ttlMs] = compareAndSetArgs(key, expected, next, options);
    return this.#steps.compareAndSet(this.name, k, exp, nxt, ttlMs, this.#limits);
  }

  /**
   * Removes `key` only when its value structurally equals `expected`; returns whether it did.
   * @example table.sync.compareAndDelete('name', myRegistration)
   */
  compareAndDelete(key: Key, expected: V): boolean {
    const [k, exp] = compareAndDeleteArgs(key, expected);
    return this.#steps.compareAndDelete(this.name, k, exp);
  }

  /**
   * Replaces the value with `fn(current)` atomically and returns the new value; `fn` returning
   * undefined deletes. On the memory store `fn` runs once inside the step; on a store without
   * `modify` (workers) a compare-and-set loop runs, so `fn` may run more than once.
   * @throws whatever `fn` throws (nothing written); InvalidArgumentError (`fn`);
   * ContentionError after 1,000 conflicting attempts (loop only).
   * @example table.sync.update('n', (n) => (n ?? 0) + 1)
   */
  update(
    key: Key,
    fn: (current: V | undefined) => V | undefined,
    options?: TtlOptions,
  ): V | undefined {
    const run = updateRunner(fn);
    const ttlMs = ttlOf(options);
    const k = encodeKey(key);
    const steps = this.#steps;
    if (steps.modify !== undefined) {
      return steps.modify(this.name, k, run, ttlMs, this.#limits) as V | undefined;
    }
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const cur = steps.get(this.name, k);
      const next = run(cur);
      const ok =
        next === undefined
          ? cur === undefined || steps.compareAndDelete(this.name, k, cur)
          : steps.compareAndSet(this.name, k, cur, next, ttlMs, this.#limits);
      if (ok) return next as V | undefined;
    }
    throw new ContentionError(MAX_CAS_ATTEMPTS);
  }

  /**
   * Atomic counters with ETS `update_counter` semantics (see {@link Table.updateCounter}).
   * @throws NotFoundError; NotACounterError; OutOfRangeError (`incr`); CapacityExceededError.
   * Nothing is written when it throws.
   * @example table.sync.updateCounter('hits', 1, { default: 0 }) // 1
   */
  updateCounter(key: Key, incr: number | CounterOp, options?: CreateOptions<V>): number;
  updateCounter(key: Key, ops: readonly CounterOp[], options?: CreateOptions<V>): number[];
  updateCounter(
    key: Key,
    ops: number | CounterOp | readonly CounterOp[],
    options?: CreateOptions<V>,
  ): number | number[] {
    if (typeof ops === 'number' && Number.isSafeInteger(ops)) {
      // A plain increment: the checks below would accept `ops` as is; no op list, no results.
      const create = createOf(options);
      return this.#bound.increment(this.#encode(key), ops, create, this.#limits);
    }
    const list = counterOps(ops);
    const create = createOf(options);
    const results = this.#steps.updateCounter(
      this.name,
      encodeKey(key),
      list,
      create,
      this.#limits,
    );
    return Array.isArray(ops) ? results : results[0]!;
  }

  /**
   * Sets several fields of an object value in one atomic step; returns false when the key is
   * missing and no `default` is given.
   * @throws WrongTypeError when the value (or default) is not a plain object; CapacityExceededError.
   * @example table.sync.updateFields('job', { state: 'done' })
   */
  updateFields(
    key: Key,
    fields: Partial<V> & Record<string, Data>,
    options?: CreateOptions<V>,
  ): boolean {
    const f = fieldsOf(fields);
    const create = createOf(options);
    return this.#steps.updateFields(this.name, encodeKey(key), f, create, this.#limits);
  }

  /**
   * Deletes every live entry matching `spec` in one atomic step; returns how many.
   * @example table.sync.selectDelete({ field: 'state', eq: 'dead' })
   */
  selectDelete(spec: Spec): number {
    const n = this.#steps.selectDelete(this.name, validateSpec(spec, 'spec'));
    publishTableEvent(() => ({ table: this.name, event: 'select-deleted', count: n }));
    return n;
  }

  /**
   * Walks the table with the same weak consistency as {@link Table.entries}, synchronously.
   * @example for (const [key, value] of table.sync.entries()) console.log(key, value)
   */
  *entries(options?: EntriesOptions): Generator<[Key, V], void, undefined> {
    const batch = batchOf(options);
    let cursor: unknown;
    do {
      const page = this.#steps.scan(this.name, cursor, batch);
      for (const e of page.entries) yield [decodeKey(e.key), e.value as V];
      cursor = page.cursor;
    } while (cursor !== null);
  }

  /** Same as {@link SyncTable.entries}. */
  [Symbol.iterator](): Generator<[Key, V], void, undefined> {
    return this.entries();
  }

  /**
   * Number of live entries (exact).
   * @example table.sync.size()
   */
  size(): number {
    return this.#steps.size(this.name);
  }

  /**
   * Removes every entry in one atomic step; returns how many live entries it removed.
   * @example table.sync.clear()
   */
  clear(): number {
    const n = this.#steps.clear(this.name);
    publishTableEvent(() => ({ table: this.name, event: 'cleared', count: n }));
    return n;
  }
}
