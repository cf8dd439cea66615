/**
 * Table: an atomic key-value table modelled on Erlang's ETS, over any {@link Store}.
 */
import type { Data } from '../data.js';
import { ContentionError, InvalidArgumentError, UnsupportedError } from '../errors.js';
import { publishTableEvent } from '../events.js';
import { decodeKey, encodeKey, type Key } from '../keys.js';
import type { CounterOp, Limits, Spec, Store } from '../store/contract.js';
import { MemoryStore } from '../store/memory.js';
import { validateSpec } from '../store/spec.js';
import { type SyncSteps, syncSteps } from '../store/sync.js';
import { knownFields, optionalPositiveInt, optionsObject } from '../validate.js';
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
import { SyncTable } from './SyncTable.js';

/** Options of {@link Table}. */
export interface TableOptions {
  /**
   * Where the data lives. Tables with the same name on the same store share their entries.
   * Default: a new private {@link MemoryStore} (shared with nothing).
   */
  readonly store?: Store;
  /** Most live entries; a write that would create more throws CapacityExceededError. Default: unbounded. */
  readonly maxEntries?: number;
  /**
   * `'lru'` (needs `maxEntries`): a write that would pass the bound evicts the least recently used
   * entries (read or written through this table) instead of throwing. Default: no eviction.
   */
  readonly evict?: 'lru';
}

export type { CounterOp, Spec } from '../store/contract.js';
export type { CreateOptions, EntriesOptions, TtlOptions } from './args.js';

/**
 * An atomic table of `key → value`. Every method is one atomic step of the store: no other
 * operation sees it half done, and nothing runs between its read and its write. Values are plain
 * data (see `Data`), copied in and out.
 *
 * @throws every method throws InvalidArgumentError / OutOfRangeError naming the argument for bad
 * input, and writes nothing when it throws.
 * @example
 * const hits = new Table<number>('hits');
 * await Promise.all(Array.from({ length: 100 }, () => hits.updateCounter('home', 1, { default: 0 })));
 * await hits.get('home'); // 100, always
 */
export class Table<V extends Data = Data> {
  /** The table's name: its identity within the store. */
  readonly name: string;
  /** The store this table runs on. */
  readonly store: Store;
  readonly #limits: Limits;
  readonly #steps: SyncSteps | undefined;
  #sync: SyncTable<V> | undefined;

  constructor(name: string, options?: TableOptions) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError('name', 'must be a non-empty string');
    }
    const opts = optionsObject('options', options);
    knownFields('options', opts, ['store', 'maxEntries', 'evict']);
    const store = opts.store;
    if (
      store !== undefined &&
      (typeof store !== 'object' || store === null || typeof (store as Store).get !== 'function')
    ) {
      throw new InvalidArgumentError('options.store', 'must implement the Store contract');
    }
    this.name = name;
    this.store = (store as Store | undefined) ?? new MemoryStore();
    const maxEntries = optionalPositiveInt('options.maxEntries', opts.maxEntries);
    if (opts.evict !== undefined && opts.evict !== 'lru') {
      throw new InvalidArgumentError(
        'options.evict',
        `must be 'lru' or undefined, got ${String(opts.evict)}`,
      );
    }
    if (opts.evict !== undefined && maxEntries === undefined) {
      throw new InvalidArgumentError('options.evict', 'eviction needs options.maxEntries');
    }
    this.#limits = { maxEntries, evict: opts.evict as 'lru' | undefined };
    this.#steps = syncSteps(this.store);
  }

  /**
   * Whether {@link Table.sync} is available: true on stores that run their steps synchronously
   * (memory, workers), false on others (redis, wrappers). Never throws.
   * @example const view = table.hasSync ? table.sync : undefined;
   */
  get hasSync(): boolean {
    return this.#steps !== undefined;
  }

  /**
   * The synchronous view of this table: the same operations and guarantees, returning values
   * instead of promises (no promise per call). Same table, same entries, same bounds: use either
   * view, or both. See {@link SyncTable}.
   * @throws UnsupportedError (`ERR_UNSUPPORTED`) when the store cannot run its steps
   * synchronously (redis; a wrapped or subclassed store); check {@link Table.hasSync} first.
   * @example
   * const hits = new Table<number>('hits');
   * hits.sync.updateCounter('home', 1, { default: 0 }); // 1, no await
   */
  get sync(): SyncTable<V> {
    if (this.#sync === undefined) {
      if (this.#steps === undefined) {
        throw new UnsupportedError(
          `table.sync on a '${this.store.backend}' store (it does not run its steps synchronously)`,
        );
      }
      this.#sync = new SyncTable<V>(this.name, this.#steps, this.#limits);
    }
    return this.#sync;
  }

  /** The synchronous view when the store allows running it inside the async API (memory). */
  #inline(): SyncTable<V> | undefined {
    return this.#steps?.inline === true ? this.sync : undefined;
  }

  /** The most live entries this table accepts, or undefined when unbounded. */
  get maxEntries(): number | undefined {
    return this.#limits.maxEntries;
  }

  /**
   * The live value of `key`, or undefined (never an expired value).
   * @example await table.get(['user', 1])
   */
  get(key: Key): Promise<V | undefined> {
    const view = this.#inline();
    if (view === undefined) return this.#get(key);
    try {
      return Promise.resolve(view.get(key));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #get(key: Key): Promise<V | undefined> {
    return (await this.store.get(this.name, encodeKey(key), this.#limits)) as V | undefined;
  }

  /**
   * Whether `key` has a live value.
   * @example await table.has('a') // false
   */
  async has(key: Key): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /**
   * Writes `value` under `key`, replacing any value and expiry it had.
   * @throws CapacityExceededError when `key` is new and the table is full.
   * @example await table.set('session', { user: 1 }, { ttlMs: 60_000 })
   */
  async set(key: Key, value: V, options?: TtlOptions): Promise<void> {
    const view = this.#inline();
    if (view !== undefined) return view.set(key, value, options);
    await this.store.put(this.name, [writeItem(key, value, options)], 'set', this.#limits);
  }

  /**
   * Writes every entry in one atomic step (later duplicates win). All or nothing: if the new keys
   * do not fit, nothing is written.
   * @throws CapacityExceededError when the new keys would exceed `maxEntries`.
   * @example await table.setMany([['a', 1], ['b', 2]])
   */
  async setMany(entries: Iterable<readonly [Key, V]>, options?: TtlOptions): Promise<void> {
    const view = this.#inline();
    if (view !== undefined) return view.setMany(entries, options);
    await this.store.put(this.name, writeItems(entries, options, false), 'set', this.#limits);
  }

  /**
   * Inserts only if `key` has no live value (ETS `insert_new`); returns whether it inserted.
   * @throws CapacityExceededError when the table is full.
   * @example if (await owners.insertNew('job-7', me)) runJob();
   */
  async insertNew(key: Key, value: V, options?: TtlOptions): Promise<boolean> {
    const view = this.#inline();
    if (view !== undefined) return view.insertNew(key, value, options);
    return this.store.put(this.name, [writeItem(key, value, options)], 'insertNew', this.#limits);
  }

  /**
   * Inserts all entries only if none of their keys has a live value; all or nothing.
   * @throws InvalidArgumentError (`entries`) when a key appears twice; CapacityExceededError.
   * @example await table.insertNewMany([['a', 1], ['b', 2]]) // false if 'a' or 'b' exists
   */
  async insertNewMany(
    entries: Iterable<readonly [Key, V]>,
    options?: TtlOptions,
  ): Promise<boolean> {
    const view = this.#inline();
    if (view !== undefined) return view.insertNewMany(entries, options);
    return this.store.put(this.name, writeItems(entries, options, true), 'insertNew', this.#limits);
  }

  /**
   * Removes `key` and returns the value it had (ETS `take`): of concurrent takers, exactly one
   * gets the value.
   * @example const job = await queue.take('job-7')
   */
  async take(key: Key): Promise<V | undefined> {
    const view = this.#inline();
    if (view !== undefined) return view.take(key);
    return (await this.store.take(this.name, encodeKey(key))) as V | undefined;
  }

  /**
   * Removes `key`; returns whether a live entry was removed.
   * @example await table.delete('a')
   */
  async delete(key: Key): Promise<boolean> {
    const view = this.#inline();
    if (view !== undefined) return view.delete(key);
    return this.store.delete(this.name, encodeKey(key));
  }

  /**
   * Writes `next` only when the current value structurally equals `expected` (`undefined`: only
   * when absent). Returns whether it wrote. With `ttlMs` the expiry restarts; without, an existing
   * entry keeps its expiry.
   * @throws CapacityExceededError when it would create an entry in a full table.
   * @example
   * const cur = await t.get('k'); await t.compareAndSet('k', cur, { ...cur, n: 1 })
   */
  async compareAndSet(
    key: Key,
    expected: V | undefined,
    next: V,
    options?: TtlOptions,
  ): Promise<boolean> {
    const view = this.#inline();
    if (view !== undefined) return view.compareAndSet(key, expected, next, options);
    const [k, exp, nxt, ttlMs] = compareAndSetArgs(key, expected, next, options);
    return this.store.compareAndSet(this.name, k, exp, nxt, ttlMs, this.#limits);
  }

  /**
   * Removes `key` only when its value structurally equals `expected`; returns whether it did.
   * The building block of safe sweeps: delete only what is still what you saw.
   * @example await registry.compareAndDelete('name', myRegistration)
   */
  async compareAndDelete(key: Key, expected: V): Promise<boolean> {
    const view = this.#inline();
    if (view !== undefined) return view.compareAndDelete(key, expected);
    const [k, exp] = compareAndDeleteArgs(key, expected);
    return this.store.compareAndDelete(this.name, k, exp);
  }

  /**
   * Replaces the value with `fn(current)` atomically and returns the new value; `fn` returning
   * undefined deletes the entry. `fn` must be synchronous and pure: on the memory store it runs
   * once inside the atomic step; on stores that cannot run a function (redis, workers) Table runs
   * an optimistic compare-and-set loop, so `fn` may run more than once.
   * @throws whatever `fn` throws (nothing written); InvalidArgumentError (`fn`) when it returns
   * non-data or a promise; ContentionError after 1,000 conflicting attempts (CAS loop only).
   * @example await t.update('cart', (c) => ({ ...(c ?? { items: [] }), items: [...(c?.items ?? []), 'x'] }))
   */
  async update(
    key: Key,
    fn: (current: V | undefined) => V | undefined,
    options?: TtlOptions,
  ): Promise<V | undefined> {
    const view = this.#inline();
    if (view !== undefined) return view.update(key, fn, options);
    const run = updateRunner(fn);
    const ttlMs = ttlOf(options);
    const encoded = encodeKey(key);
    if (this.store.modify !== undefined) {
      return (await this.store.modify(this.name, encoded, run, ttlMs, this.#limits)) as
        | V
        | undefined;
    }
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const cur = await this.store.get(this.name, encoded);
      const next = run(cur);
      const ok =
        next === undefined
          ? cur === undefined || (await this.store.compareAndDelete(this.name, encoded, cur))
          : await this.store.compareAndSet(this.name, encoded, cur, next, ttlMs, this.#limits);
      if (ok) return next as V | undefined;
    }
    throw new ContentionError(MAX_CAS_ATTEMPTS);
  }

  /**
   * Atomic counters with ETS `update_counter` semantics.
   * - `incr` (a number): adds to the value, which must be an integer.
   * - `{ field?, incr, threshold?, setValue? }`: adds to the value or to one field of an object
   *   value; with `threshold`/`setValue` (both), a result above the threshold (for `incr >= 0`)
   *   or below it (for `incr < 0`) becomes `setValue` — `setValue === threshold` clamps.
   * - a list of those: applied in order, all or nothing; returns each result.
   * A missing key is created from `default` first (with `ttlMs`); without `default` it fails.
   * @throws NotFoundError (missing key, no default); NotACounterError (target is not an integer,
   * or not an object when a field is named); OutOfRangeError (`incr`) when a result would pass
   * 2^53; CapacityExceededError. Nothing is written when it throws.
   * @example
   * await t.updateCounter('hits', 1, { default: 0 }) // 1
   * await t.updateCounter('u', [{ field: 'tries', incr: 1, threshold: 5, setValue: 5 }, { field: 'seen', incr: 1 }], { default: { tries: 0, seen: 0 } })
   */
  updateCounter(key: Key, incr: number | CounterOp, options?: CreateOptions<V>): Promise<number>;
  updateCounter(key: Key, ops: readonly CounterOp[], options?: CreateOptions<V>): Promise<number[]>;
  updateCounter(
    key: Key,
    ops: number | CounterOp | readonly CounterOp[],
    options?: CreateOptions<V>,
  ): Promise<number | number[]> {
    const view = this.#inline();
    if (view === undefined) return this.#updateCounter(key, ops, options);
    try {
      return Promise.resolve(view.updateCounter(key, ops as CounterOp, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #updateCounter(
    key: Key,
    ops: number | CounterOp | readonly CounterOp[],
    options: CreateOptions<V> | undefined,
  ): Promise<number | number[]> {
    const list = counterOps(ops);
    const create = createOf(options);
    const results = await this.store.updateCounter(
      this.name,
      encodeKey(key),
      list,
      create,
      this.#limits,
    );
    return Array.isArray(ops) ? results : results[0]!;
  }

  /**
   * Sets several fields of an object value in one atomic step (ETS `update_element`); other
   * fields are kept. Returns false when the key is missing and no `default` is given; with a
   * `default` the entry is created from it first.
   * @throws WrongTypeError when the value (or default) is not a plain object; CapacityExceededError.
   * @example await t.updateFields('job', { state: 'done', finishedAt: Date.now() })
   */
  async updateFields(
    key: Key,
    fields: Partial<V> & Record<string, Data>,
    options?: CreateOptions<V>,
  ): Promise<boolean> {
    const view = this.#inline();
    if (view !== undefined) return view.updateFields(key, fields, options);
    const f = fieldsOf(fields);
    const create = createOf(options);
    return this.store.updateFields(this.name, encodeKey(key), f, create, this.#limits);
  }

  /**
   * Deletes every live entry matching a declarative `spec` in one atomic step; returns how many.
   * @example await sessions.selectDelete({ field: 'expiresAt', lt: Date.now() })
   */
  async selectDelete(spec: Spec): Promise<number> {
    const view = this.#inline();
    if (view !== undefined) return view.selectDelete(spec);
    const n = await this.store.selectDelete(this.name, validateSpec(spec, 'spec'));
    publishTableEvent(() => ({ table: this.name, event: 'select-deleted', count: n }));
    return n;
  }

  /**
   * Walks the table, weakly consistent (like ETS `safe_fixtable` traversal): never throws when
   * others write or delete during the walk; every entry that stays live for the whole walk is
   * yielded (exactly once on memory, at least once on redis); entries written or deleted during
   * the walk may or may not appear; no expired value appears.
   * @example for await (const [key, value] of table.entries()) console.log(key, value)
   */
  async *entries(options?: EntriesOptions): AsyncGenerator<[Key, V], void, undefined> {
    const batch = batchOf(options);
    let cursor: unknown;
    do {
      const page = await this.store.scan(this.name, cursor, batch);
      for (const e of page.entries) yield [decodeKey(e.key), e.value as V];
      cursor = page.cursor;
    } while (cursor !== null);
  }

  /** Same as {@link Table.entries}. */
  [Symbol.asyncIterator](): AsyncGenerator<[Key, V], void, undefined> {
    return this.entries();
  }

  /**
   * Number of live entries (expired ones are reclaimed first, so the count is exact).
   * @example await table.size()
   */
  async size(): Promise<number> {
    return this.store.size(this.name);
  }

  /**
   * Removes every entry in one atomic step; returns how many live entries it removed.
   * @example await table.clear()
   */
  async clear(): Promise<number> {
    const view = this.#inline();
    if (view !== undefined) return view.clear();
    const n = await this.store.clear(this.name);
    publishTableEvent(() => ({ table: this.name, event: 'cleared', count: n }));
    return n;
  }
}
