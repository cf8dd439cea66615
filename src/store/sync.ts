/**
 * @internal Synchronous steps of an in-process store.
 *
 * The memory store and the workers store do all their work synchronously: the async methods of
 * the Store contract only wrap a synchronous step in a promise. A store that can run its steps
 * synchronously registers them here, and `Table#sync` (the synchronous view of a table) calls
 * them directly, with no promise per call. Each step is exactly the step the async method runs:
 * same validation contract (callers validate input), same atomicity, same errors (thrown instead
 * of rejected).
 *
 * A workers store step may find another thread inside its short write section; it then spins
 * for a bounded time and throws `ContentionError` rather than block the event loop.
 */
import type { Data } from '../data.js';
import type { CreateOptions, Limits, Store } from './contract.js';

type TableStep =
  | 'get'
  | 'put'
  | 'take'
  | 'delete'
  | 'compareAndSet'
  | 'compareAndDelete'
  | 'updateCounter'
  | 'updateFields'
  | 'selectDelete'
  | 'scan'
  | 'size'
  | 'clear';

/** The table steps of the Store contract, run synchronously. */
export type SyncSteps = {
  readonly [K in TableStep]: (...args: Parameters<Store[K]>) => Awaited<ReturnType<Store[K]>>;
} & {
  /** Present when the store can run a function inside one step (memory only). */
  readonly modify?: (
    ...args: Parameters<NonNullable<Store['modify']>>
  ) => Awaited<ReturnType<NonNullable<Store['modify']>>>;
  /**
   * True when the store's async methods are exactly these steps wrapped in a promise (memory), so
   * the async API may run them inline. A store whose async methods may wait (workers: a busy
   * write section is awaited) leaves it unset: only the synchronous view calls its steps.
   */
  readonly inline?: boolean;
  /**
   * Optional: the hot steps bound to one table, so a caller resolves the table once. Callers fall
   * back to the generic steps without it; a bound step behaves exactly like the generic one.
   */
  readonly bind?: (table: string) => BoundSteps;
};

/**
 * Hot steps of {@link SyncSteps} bound to one table (see `SyncSteps.bind`). Call them as methods
 * of the bound object (a store may implement them as methods of one shared class).
 */
export interface BoundSteps {
  /** `get(table, key, limits)`. */
  readonly get: (key: string, limits?: Limits) => Data | undefined;
  /**
   * `updateCounter(table, key, [{ incr }], create, limits)[0]`: one plain increment of the value
   * itself, with no op list and no result array.
   */
  readonly increment: (key: string, incr: number, create: CreateOptions, limits: Limits) => number;
  /**
   * Optional: how many entries LRU eviction has removed from this table so far (monotonic). Read
   * around one's own synchronous step, the difference is what that step evicted.
   */
  readonly evictions?: () => number;
}

/**
 * The generic steps bound to one table: what a caller uses when the store offers no `bind`.
 * @example const hot = bindSteps(steps, 'hits'); hot.increment(encodeKey('k'), 1, {}, {})
 */
export function bindSteps(steps: SyncSteps, table: string): BoundSteps {
  if (steps.bind !== undefined) return steps.bind(table);
  return {
    get: (key, limits) => steps.get(table, key, limits),
    increment: (key, incr, create, limits) =>
      steps.updateCounter(table, key, [{ incr }], create, limits)[0]!,
  };
}

const registry = new WeakMap<object, SyncSteps>();

/** Registers the synchronous steps of `store` (called by the store's own constructor). */
export function registerSyncSteps(store: object, steps: SyncSteps): void {
  registry.set(store, steps);
}

/** The synchronous steps of `store`, or undefined when it has none (Redis, wrappers, proxies). */
export function syncSteps(store: unknown): SyncSteps | undefined {
  return typeof store === 'object' && store !== null ? registry.get(store) : undefined;
}
