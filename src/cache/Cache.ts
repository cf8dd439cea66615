/**
 * Cache: a bounded TTL cache over a {@link Table}, with single-flight loading and optional
 * stale-while-revalidate.
 */
import diagnostics_channel from 'node:diagnostics_channel';
import { type Clock, systemClock } from '../clock.js';
import type { Data } from '../data.js';
import { InvalidArgumentError } from '../errors.js';
import { type TableEvent, tableChannel } from '../events.js';
import { encodeKey, type Key } from '../keys.js';
import type { Spec, Store } from '../store/contract.js';
import { MemoryStore } from '../store/memory.js';
import { type BoundSteps, bindSteps, syncSteps } from '../store/sync.js';
import { SingleFlight } from '../sync/SingleFlight.js';
import { Table, type TtlOptions } from '../table/Table.js';
import { knownFields, optionalPositiveInt, optionsObject, positiveInt } from '../validate.js';

/** Options of {@link Cache}. */
export interface CacheOptions {
  /**
   * Where entries live (tables with the same name on the same store share entries).
   * Default: a private `MemoryStore` on `clock`.
   */
  readonly store?: Store;
  /**
   * Source of time for stale-while-revalidate; must be the store's clock. Default `systemClock`.
   * Used for the private store when `store` is omitted.
   */
  readonly clock?: Clock;
  /** Most entries; a write beyond it evicts the least recently used entry. Default 10,000. */
  readonly maxEntries?: number;
  /** Time to live of an entry, in ms. Default: entries never expire (eviction only). */
  readonly ttlMs?: number;
  /**
   * Grace period (ms, needs `ttlMs`) after an entry's TTL during which `getOrLoad` still returns
   * the stale value while ONE background refresh runs. Default: none (an expired entry is a miss).
   */
  readonly staleWhileRevalidateMs?: number;
}

/** Options of {@link Cache.set}. */
export interface CacheSetOptions {
  /** Overrides the cache's `ttlMs` for this entry. */
  readonly ttlMs?: number;
}

/** Options of {@link Cache.getOrLoad}. */
export interface GetOrLoadOptions {
  /** Stops this caller's wait (AbortedError); the shared load goes on for the others. */
  readonly signal?: AbortSignal;
  /** Overrides the cache's `ttlMs` for the loaded entry. */
  readonly ttlMs?: number;
}

/** Counters of one {@link Cache} instance (since it was created). */
export interface CacheStats {
  /** Reads that returned a fresh value (`get` and `getOrLoad`). */
  readonly hits: number;
  /** `getOrLoad` calls served a stale value within the grace period. */
  readonly staleHits: number;
  /** Reads that found no fresh value. */
  readonly misses: number;
  /** Loader runs (a stampede of concurrent misses counts 1), including background refreshes. */
  readonly loads: number;
  /** Loader runs that threw or rejected (nothing was cached). */
  readonly loadFailures: number;
  /** Entries this instance's writes evicted (LRU) to stay within `maxEntries`. */
  readonly evictions: number;
  /** Loads in progress now. */
  readonly inFlight: number;
}

/** An event on the `raceless:cache` channel. */
export interface CacheEvent {
  readonly cache: string;
  readonly event: 'load-failed' | 'refresh-failed' | 'evicted';
  readonly count?: number;
  readonly error?: unknown;
}

/**
 * The `raceless:cache` diagnostics channel (published only when someone subscribes).
 * @example diagnostics_channel.subscribe('raceless:cache', (e) => log(e))
 */
export const cacheChannel = diagnostics_channel.channel('raceless:cache');

function publish(make: () => CacheEvent): void {
  if (cacheChannel.hasSubscribers) cacheChannel.publish(make());
}

/** What the table holds: the value, and with stale-while-revalidate the time it turns stale. */
interface Entry extends Record<string, Data> {
  v: Data;
}

/**
 * The synchronous view of a {@link Cache} (`cache.sync`), on stores that run their steps
 * synchronously (memory, workers): the same cache, entries, counters and guarantees as the async
 * methods of the same name, returning values directly. Loading (`getOrLoad`) is async by nature
 * and stays on the cache itself.
 * @example
 * const users = new Cache<string>('users', { ttlMs: 60_000 });
 * users.sync.set('u1', 'ada');
 * users.sync.get('u1'); // 'ada'
 */
export interface SyncCache<V extends Data = Data> {
  /** The cache's name. */
  readonly name: string;
  /** The fresh value of `key`, or undefined; counts a hit or a miss. See {@link Cache.get}. */
  get(key: Key): V | undefined;
  /** Whether `key` has a fresh value (no hit or miss counted). See {@link Cache.has}. */
  has(key: Key): boolean;
  /** Stores `value` under `key`; a load of `key` in progress will not overwrite it. See {@link Cache.set}. */
  set(key: Key, value: V, options?: CacheSetOptions): void;
  /** Removes `key`; a load in progress will not write. See {@link Cache.delete}. */
  delete(key: Key): boolean;
  /** Removes every entry in one atomic step; returns how many. See {@link Cache.clear}. */
  clear(): number;
  /** Number of stored entries; exact. See {@link Cache.size}. */
  size(): number;
  /** Deletes every stale entry in one atomic step. See {@link Cache.purgeStale}. */
  purgeStale(): number;
}

/**
 * A bounded cache of plain-data values.
 *
 * Guarantees (each one Table operation, so they hold on every store):
 * - `get` never returns an expired value and never throws because of a concurrent `set`,
 *   `delete` or expiry: it is one atomic read.
 * - Bounded: at most `maxEntries` (default 10,000); a write beyond it evicts the least recently
 *   used entry in the same atomic step (`evictions` counts them).
 * - `getOrLoad`: concurrent misses of one key run the loader once (single-flight per instance);
 *   a failed load caches nothing and rejects every joined caller. The loaded value is written
 *   with insert-if-absent (a concurrent `set` wins), and a `delete`/`set`/`clear` during the load
 *   keeps the loaded value out of the cache.
 * - Stale-while-revalidate (option): within the grace period `getOrLoad` returns the stale value
 *   and at most ONE background refresh per key runs; the refresh replaces the entry only if it is
 *   still the stale one it saw (compare-and-set).
 * - Expiry removes an entry only while it is still expired (it is the store's own atomic TTL);
 *   {@link Cache.purgeStale} is one declarative `selectDelete`.
 * - Keys are data (`* ? [ ] { } : _ $1 %` are plain characters).
 * - On stores that run their steps synchronously (memory, workers), {@link Cache.sync} is the
 *   same cache without a promise per call.
 *
 * @throws InvalidArgumentError / OutOfRangeError for bad options.
 * @example
 * const users = new Cache<{ name: string }>('users', { ttlMs: 60_000, maxEntries: 1_000 });
 * const u = await users.getOrLoad(['user', 42], () => db.loadUser(42));
 */
export class Cache<V extends Data = Data> {
  /** The cache's name (its table's name). */
  readonly name: string;
  readonly #table: Table<Entry>;
  readonly #clock: Clock;
  readonly #ttlMs: number | undefined;
  readonly #graceMs: number | undefined;
  readonly #flights = new SingleFlight<string, V>();
  /** Encoded key → token of the load whose result may still be written. */
  readonly #current = new Map<string, object>();
  #hits = 0;
  #staleHits = 0;
  #misses = 0;
  #loads = 0;
  #loadFailures = 0;
  #evictions = 0;
  readonly #onTableEvent: (message: unknown) => void;
  /** This table's bound steps: the store's count of its evictions, when it keeps one (memory). */
  readonly #hotSteps: BoundSteps | undefined;
  #sync: SyncCache<V> | undefined;
  /** The synchronous view when the store runs steps inline in its async methods (memory). */
  readonly #inline: SyncCache<V> | undefined;

  constructor(name: string, options?: CacheOptions) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError('name', 'must be a non-empty string');
    }
    const opts = optionsObject('options', options);
    knownFields('options', opts, [
      'store',
      'clock',
      'maxEntries',
      'ttlMs',
      'staleWhileRevalidateMs',
    ]);
    const clock = opts.clock as Clock | undefined;
    if (clock !== undefined && (typeof clock !== 'object' || typeof clock.now !== 'function')) {
      throw new InvalidArgumentError('options.clock', 'must be a Clock');
    }
    this.#clock = clock ?? systemClock;
    const maxEntries =
      opts.maxEntries === undefined ? 10_000 : positiveInt('options.maxEntries', opts.maxEntries);
    this.#ttlMs = optionalPositiveInt('options.ttlMs', opts.ttlMs);
    this.#graceMs = optionalPositiveInt(
      'options.staleWhileRevalidateMs',
      opts.staleWhileRevalidateMs,
    );
    if (this.#graceMs !== undefined && this.#ttlMs === undefined) {
      throw new InvalidArgumentError('options.staleWhileRevalidateMs', 'needs options.ttlMs');
    }
    this.name = name;
    this.#table = new Table<Entry>(name, {
      store: (opts.store as Store | undefined) ?? new MemoryStore({ clock: this.#clock }),
      maxEntries,
      evict: 'lru',
    });
    this.#onTableEvent = (message) => {
      const e = message as TableEvent;
      if (e.event === 'evicted' && e.table === name) this.#evicted(e.count ?? 0);
    };
    const steps = syncSteps(this.#table.store);
    this.#hotSteps = steps === undefined ? undefined : bindSteps(steps, name);
    this.#inline = syncSteps(this.#table.store)?.inline === true ? this.sync : undefined;
  }

  /** The most entries this cache holds. */
  get maxEntries(): number {
    return this.#table.maxEntries!;
  }

  /**
   * Whether {@link Cache.sync} is available (memory and workers stores). Never throws.
   * @example const view = cache.hasSync ? cache.sync : undefined;
   */
  get hasSync(): boolean {
    return this.#table.hasSync;
  }

  /**
   * The synchronous view of this cache: `get`, `has`, `set`, `delete`, `clear`, `size` and
   * `purgeStale` returning values directly (no promise per call), with the same guarantees and
   * the same counters. See {@link SyncCache}.
   * @throws UnsupportedError (`ERR_UNSUPPORTED`) on a store that cannot run its steps
   * synchronously (redis; a wrapped or subclassed store); check {@link Cache.hasSync} first.
   * @example
   * const pages = new Cache<string>('pages', { ttlMs: 5_000 });
   * pages.sync.set('/', '<html>');
   * pages.sync.get('/'); // '<html>'
   */
  get sync(): SyncCache<V> {
    if (this.#sync === undefined) {
      const table = this.#table.sync;
      this.#sync = {
        name: this.name,
        get: (key) => this.#fresh(table.get(key)),
        has: (key) => this.#isFresh(table.get(key)),
        set: (key, value, options) => {
          const [k, entry, hard] = this.#setArgs(key, value, options);
          this.#invalidate(k);
          this.#counted(() => table.set(key, entry, hard), true);
        },
        delete: (key) => {
          this.#invalidate(encodeKey(key));
          return table.delete(key);
        },
        clear: () => {
          this.#invalidateAll();
          return table.clear();
        },
        size: () => table.size(),
        purgeStale: () => {
          const spec = this.#staleSpec();
          return spec === undefined ? 0 : table.selectDelete(spec);
        },
      };
    }
    return this.#sync;
  }

  /**
   * The fresh value of `key`, or undefined (absent, expired, or stale). One atomic read: it never
   * throws because of a concurrent write or expiry, and never returns an expired value.
   * @example await cache.get('a') // undefined on a miss
   */
  get(key: Key): Promise<V | undefined> {
    try {
      const view = this.#inline;
      if (view === undefined) return this.#get(key);
      return Promise.resolve(view.get(key));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #get(key: Key): Promise<V | undefined> {
    return this.#fresh(await this.#table.get(key));
  }

  /** Counts a read of `entry` as a hit or miss; its fresh value or undefined. */
  #fresh(entry: Entry | undefined): V | undefined {
    if (entry === undefined || this.#isStale(entry)) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    return entry.v as V;
  }

  #isFresh(entry: Entry | undefined): boolean {
    return entry !== undefined && !this.#isStale(entry);
  }

  /**
   * Whether `key` has a fresh value (does not count as a hit or miss).
   * @example await cache.has('a') // false
   */
  async has(key: Key): Promise<boolean> {
    if (this.#inline !== undefined) return this.#inline.has(key);
    return this.#isFresh(await this.#table.get(key));
  }

  /**
   * Stores `value` under `key` (replacing value and TTL). A load of `key` in progress will not
   * overwrite it.
   * @throws InvalidArgumentError when `value` is not plain data or the key is invalid.
   * @example await cache.set('a', { n: 1 }, { ttlMs: 5_000 })
   */
  async set(key: Key, value: V, options?: CacheSetOptions): Promise<void> {
    if (this.#inline !== undefined) return this.#inline.set(key, value, options);
    const [k, entry, hard] = this.#setArgs(key, value, options);
    this.#invalidate(k);
    await this.#counted(() => this.#table.set(key, entry, hard), false);
  }

  /**
   * Removes `key`; returns whether a live entry was removed. A load of `key` in progress will not
   * write its (now outdated) result.
   * @example await cache.delete('a')
   */
  async delete(key: Key): Promise<boolean> {
    if (this.#inline !== undefined) return this.#inline.delete(key);
    this.#invalidate(encodeKey(key));
    return this.#table.delete(key);
  }

  /**
   * Removes every entry in one atomic step; returns how many. Loads in progress will not write.
   * @example await cache.clear()
   */
  async clear(): Promise<number> {
    if (this.#inline !== undefined) return this.#inline.clear();
    this.#invalidateAll();
    return this.#table.clear();
  }

  /**
   * Number of stored entries (fresh, or stale within the grace period); exact.
   * @example await cache.size()
   */
  async size(): Promise<number> {
    return this.#table.size();
  }

  /**
   * Deletes, in one atomic step, every entry that is stale at this moment (only with
   * stale-while-revalidate; expired entries vanish on their own). Returns how many.
   * @example await cache.purgeStale()
   */
  async purgeStale(): Promise<number> {
    const spec = this.#staleSpec();
    return spec === undefined ? 0 : this.#table.selectDelete(spec);
  }

  /**
   * The fresh value of `key`; on a miss, runs `loader` once for all concurrent callers of this
   * instance, caches its value and returns it. With stale-while-revalidate, a stale value within
   * the grace period is returned at once while one background refresh runs.
   * @throws (rejects) the loader's error (nothing cached; every joined caller gets it);
   * AbortedError when `signal` aborts (the load goes on); InvalidArgumentError for a bad key or a
   * value that is not plain data.
   * @example
   * const page = await cache.getOrLoad(url, () => fetchPage(url), { signal });
   */
  async getOrLoad(
    key: Key,
    loader: (key: Key) => V | PromiseLike<V>,
    options?: GetOrLoadOptions,
  ): Promise<V> {
    const k = encodeKey(key);
    if (typeof loader !== 'function')
      throw new InvalidArgumentError('loader', 'must be a function');
    const opts = optionsObject('options', options);
    knownFields('options', opts, ['signal', 'ttlMs']);
    const ttlMs = this.#ttlOf({ ttlMs: opts.ttlMs as number | undefined });
    const signal = opts.signal as AbortSignal | undefined;
    const entry = await this.#table.get(key);
    if (entry !== undefined && !this.#isStale(entry)) {
      this.#hits++;
      return entry.v as V;
    }
    if (entry !== undefined) {
      // Stale within the grace period: serve it, refresh once in the background.
      this.#staleHits++;
      if (!this.#flights.has(k)) {
        this.#flights
          .run(k, () => this.#load(k, key, loader, ttlMs, entry))
          .catch((error: unknown) =>
            publish(() => ({ cache: this.name, event: 'refresh-failed', error })),
          );
      }
      return entry.v as V;
    }
    this.#misses++;
    const { value } = await this.#flights.run(k, () => this.#load(k, key, loader, ttlMs), {
      signal,
    });
    return value;
  }

  /**
   * This instance's counters; `size` is the stored entry count (exact, one atomic step).
   * @example const { hits, misses, size } = await cache.stats();
   */
  async stats(): Promise<CacheStats & { readonly size: number; readonly maxEntries: number }> {
    return {
      hits: this.#hits,
      staleHits: this.#staleHits,
      misses: this.#misses,
      loads: this.#loads,
      loadFailures: this.#loadFailures,
      evictions: this.#evictions,
      inFlight: this.#flights.size,
      size: await this.#table.size(),
      maxEntries: this.maxEntries,
    };
  }

  async #load(
    k: string,
    key: Key,
    loader: (key: Key) => V | PromiseLike<V>,
    ttlMs: number | undefined,
    stale?: Entry,
  ): Promise<V> {
    const token = {};
    this.#current.set(k, token);
    this.#loads++;
    try {
      const value = await loader(key);
      const entry = this.#entry(value, ttlMs);
      if (this.#current.get(k) === token) {
        this.#current.delete(k);
        const hard = { ttlMs: this.#hardTtl(ttlMs) };
        // One atomic step each: replace only the stale entry we saw; or insert only if absent.
        await this.#counted(
          () =>
            stale !== undefined
              ? this.#table.compareAndSet(key, stale, entry, hard)
              : this.#table.insertNew(key, entry, hard),
          false,
        );
      }
      return value;
    } catch (error) {
      this.#loadFailures++;
      publish(() => ({ cache: this.name, event: 'load-failed', error }));
      throw error;
    } finally {
      if (this.#current.get(k) === token) this.#current.delete(k);
    }
  }

  /**
   * Runs a write, counting the LRU evictions of its atomic step (`synchronous`: the step runs
   * inside `start`, as on the sync view; on the async API only inline stores do). When the store
   * keeps an eviction count and the step runs inside `start`, the difference around it is this
   * write's evictions; otherwise the `evicted` events published during `start` are — the memory
   * store publishes inside the synchronous part of a call, so either count is exact and belongs
   * to this instance.
   */
  #counted<T>(start: () => T, synchronous: boolean): T {
    const hot = this.#hotSteps;
    if (hot?.evictions !== undefined && (synchronous || this.#inline !== undefined)) {
      const before = hot.evictions();
      try {
        return start();
      } finally {
        const n = hot.evictions() - before;
        if (n > 0) this.#evicted(n);
      }
    }
    tableChannel.subscribe(this.#onTableEvent);
    try {
      return start();
    } finally {
      tableChannel.unsubscribe(this.#onTableEvent);
    }
  }

  /** `set`'s checked arguments: the encoded key, the entry to store, the table write's TTL. */
  #setArgs(key: Key, value: V, options: CacheSetOptions | undefined): [string, Entry, TtlOptions] {
    const k = encodeKey(key);
    const ttlMs = this.#ttlOf(options);
    const entry = this.#entry(value, ttlMs);
    return [k, entry, { ttlMs: this.#hardTtl(ttlMs) }];
  }

  #evicted(count: number): void {
    this.#evictions += count;
    publish(() => ({ cache: this.name, event: 'evicted', count }));
  }

  #invalidateAll(): void {
    for (const k of [...this.#current.keys()]) this.#invalidate(k);
  }

  #staleSpec(): Spec | undefined {
    if (this.#graceMs === undefined) return undefined;
    return { field: 's', lte: this.#clock.now() };
  }

  #invalidate(k: string): void {
    this.#current.delete(k);
    this.#flights.forget(k);
  }

  #isStale(entry: Entry): boolean {
    return typeof entry.s === 'number' && this.#clock.now() >= entry.s;
  }

  #ttlOf(options: CacheSetOptions | undefined): number | undefined {
    const opts = optionsObject('options', options);
    knownFields('options', opts, ['ttlMs']);
    return optionalPositiveInt('options.ttlMs', opts.ttlMs) ?? this.#ttlMs;
  }

  #hardTtl(ttlMs: number | undefined): number | undefined {
    if (ttlMs === undefined) return undefined;
    return this.#graceMs === undefined ? ttlMs : ttlMs + this.#graceMs;
  }

  #entry(value: V, ttlMs: number | undefined): Entry {
    if (value === undefined) throw new InvalidArgumentError('value', 'must not be undefined');
    if (this.#graceMs === undefined || ttlMs === undefined) return { v: value };
    return { v: value, s: this.#clock.now() + ttlMs };
  }
}
