/**
 * The store contract: the atomic vocabulary every backend implements.
 *
 * Each method is ONE atomic step: no other operation on the same store observes it half done,
 * and no other operation runs inside it. Backends implement each method once — a synchronous
 * function (memory), one Lua script (redis), a CAS loop on shared 64-bit cells (workers) — so a
 * policy never needs read-then-write across two calls.
 *
 * Callers (Table and the policies) validate arguments before calling; a store only raises errors
 * that depend on stored state: {@link NotFoundError}, {@link NotACounterError},
 * {@link OutOfRangeError} for a counter that would leave the safe-integer range,
 * {@link WrongTypeError}, {@link CapacityExceededError}, and {@link StoreUnavailableError}. When a method throws, it wrote
 * nothing.
 *
 * Keys arrive already encoded by the canonical codec (`keys.ts`); `table` is a table's name.
 * Time (TTL, expiry) is the store's own clock. An entry with a TTL is gone from the moment its
 * expiry time is reached: no method returns, counts, matches or visits it after that.
 */
import type { Data } from '../data.js';

/** An entry as a store returns it: the encoded key and a copy of the value. */
export interface StoreEntry {
  readonly key: string;
  readonly value: Data;
}

/** One entry to write. `ttlMs` undefined means no expiry. */
export interface WriteItem {
  readonly key: string;
  readonly value: Data;
  readonly ttlMs?: number | undefined;
}

/** Bounds a write must respect; checked inside the same atomic step as the write. */
export interface Limits {
  /** Most live entries the table may hold; creating one more throws CapacityExceededError. */
  readonly maxEntries?: number | undefined;
  /**
   * `'lru'`: instead of throwing, creating entries beyond `maxEntries` first evicts the least
   * recently used live entries (read with these limits, or written), in the same atomic step.
   * A single write that creates more than `maxEntries` keys still throws.
   */
  readonly evict?: 'lru' | undefined;
}

/**
 * One counter step, with ETS `update_counter` semantics.
 * - `field` undefined: the value itself is the counter; otherwise the object's field is.
 * - `incr` is added. With `threshold` and `setValue` (always both): when `incr >= 0` and the
 *   result is greater than `threshold`, or `incr < 0` and the result is less than `threshold`,
 *   the counter becomes `setValue` instead (`setValue === threshold` clamps).
 */
export interface CounterOp {
  readonly field?: string | undefined;
  readonly incr: number;
  readonly threshold?: number | undefined;
  readonly setValue?: number | undefined;
}

/**
 * What to do when the key of a create-capable operation is missing.
 * `default` undefined means "do not create": the operation reports the key missing.
 * `ttlMs` applies only to an entry the operation creates; existing entries keep their expiry.
 */
export interface CreateOptions {
  readonly default?: Data | undefined;
  readonly ttlMs?: number | undefined;
}

/** What a spec leaf looks at. */
export type Operand =
  | { readonly value: true }
  | { readonly field: string }
  | { readonly key: true }
  | { readonly keyAt: number };

/**
 * A declarative predicate over entries, evaluated inside the store (so Redis runs it in Lua and
 * the workers store in place — a closure could not travel there).
 *
 * A leaf is one operand plus one comparison:
 * `{ field: 'state', eq: 'dead' }`, `{ value: true, lt: 10 }`, `{ keyAt: 0, eq: 'user-1' }`,
 * `{ field: 'owner', exists: false }`. `eq`/`ne` compare data structurally; `lt`/`lte`/`gt`/`gte`
 * compare two numbers, or two strings by code point, and are false for any other pair. An operand
 * that is missing (no such field, value not an object, key not a tuple or too short) makes every
 * comparison false except `exists: false`. Combine with `{ and: [...] }`, `{ or: [...] }`,
 * `{ not: spec }`; `{ and: [] }` matches everything.
 */
export type Spec =
  | { readonly and: readonly Spec[] }
  | { readonly or: readonly Spec[] }
  | { readonly not: Spec }
  | (Operand & Comparison);

/** Exactly one comparison per leaf. */
export type Comparison =
  | { readonly eq: Data }
  | { readonly ne: Data }
  | { readonly lt: number | string }
  | { readonly lte: number | string }
  | { readonly gt: number | string }
  | { readonly gte: number | string }
  | { readonly exists: boolean };

/** One page of a weakly consistent scan. `cursor` null: the walk is complete. */
export interface ScanPage {
  readonly entries: readonly StoreEntry[];
  readonly cursor: unknown;
}

/** The atomic operations a backend provides. Every method is one atomic step. */
export interface Store {
  /** Backend name: 'memory', 'redis', 'workers'. */
  readonly backend: string;

  /** The live value, or undefined. With `limits.evict === 'lru'` the read marks it recently used. */
  get(table: string, key: string, limits?: Limits): Promise<Data | undefined>;

  /**
   * Writes all items at once. Mode 'set' replaces values and expiries and returns true.
   * Mode 'insertNew' writes only if NO item's key is live, and returns whether it wrote.
   * Capacity counts only keys that are new.
   */
  put(
    table: string,
    items: readonly WriteItem[],
    mode: 'set' | 'insertNew',
    limits: Limits,
  ): Promise<boolean>;

  /** Removes and returns the live value (ETS `take`). */
  take(table: string, key: string): Promise<Data | undefined>;

  /** Removes the entry; true when a live entry was removed. */
  delete(table: string, key: string): Promise<boolean>;

  /**
   * Writes `next` only when the live value structurally equals `expected` (`undefined`: only when
   * the key is absent). `ttlMs` given: the entry's expiry restarts; omitted: an existing entry keeps
   * its expiry and a created one has none.
   */
  compareAndSet(
    table: string,
    key: string,
    expected: Data | undefined,
    next: Data,
    ttlMs: number | undefined,
    limits: Limits,
  ): Promise<boolean>;

  /** Removes the entry only when its live value structurally equals `expected`. */
  compareAndDelete(table: string, key: string, expected: Data): Promise<boolean>;

  /**
   * Applies counter ops in order, all or nothing, and returns each op's result.
   * Missing key: inserts `create.default` first, or throws NotFoundError without one.
   */
  updateCounter(
    table: string,
    key: string,
    ops: readonly CounterOp[],
    create: CreateOptions,
    limits: Limits,
  ): Promise<number[]>;

  /**
   * Sets several fields of an object value at once (shallow merge). Returns false when the key is
   * missing and there is no `create.default`; throws WrongTypeError when the value (or the
   * default) is not a plain object.
   */
  updateFields(
    table: string,
    key: string,
    fields: Readonly<Record<string, Data>>,
    create: CreateOptions,
    limits: Limits,
  ): Promise<boolean>;

  /** Deletes every live entry matching `spec`; returns how many. */
  selectDelete(table: string, spec: Spec): Promise<number>;

  /**
   * One page of a weakly consistent walk. Start with `cursor` undefined. Every entry live for
   * the whole walk is returned at least once (exactly once on memory, except that an LRU table moves an entry used during the walk to the end, where it may be returned again); entries written or
   * deleted during the walk may or may not appear; no expired entry ever appears.
   */
  scan(table: string, cursor: unknown, count: number): Promise<ScanPage>;

  /** Number of live entries. */
  size(table: string): Promise<number>;

  /** Removes every entry of the table at once; returns how many live entries it removed. */
  clear(table: string): Promise<number>;

  /**
   * Optional: runs `fn` on the current value inside the atomic step (only an in-process backend
   * can). `fn` returns the new value, or undefined to delete. Backends without it get an
   * optimistic compare-and-set loop from Table.
   */
  modify?(
    table: string,
    key: string,
    fn: (current: Data | undefined) => Data | undefined,
    ttlMs: number | undefined,
    limits: Limits,
  ): Promise<Data | undefined>;
}
