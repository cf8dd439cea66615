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
import type { Store } from './contract.js';

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
};

const registry = new WeakMap<object, SyncSteps>();

/** Registers the synchronous steps of `store` (called by the store's own constructor). */
export function registerSyncSteps(store: object, steps: SyncSteps): void {
  registry.set(store, steps);
}

/** The synchronous steps of `store`, or undefined when it has none (Redis, wrappers, proxies). */
export function syncSteps(store: unknown): SyncSteps | undefined {
  return typeof store === 'object' && store !== null ? registry.get(store) : undefined;
}
