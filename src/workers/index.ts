/**
 * `raceless/workers` — the worker-threads backend: the store contract on one SharedArrayBuffer.
 *
 * Create a {@link WorkersStore} in one thread, pass `store.handle` to workers (`workerData` or
 * `postMessage`), attach there with {@link WorkersStore.attach}, and give the store to any
 * `Table`, `RateLimiter` or `CircuitBreaker` (`{ store }`). Every store method is one atomic step
 * across all threads: single-key steps on existing keys are lock-free CAS loops on 64-bit slot
 * words; creating entries, multi-key steps, clear, selectDelete, size and capacity checks run
 * under a write lock that records its owner and is taken over (the half-done step discarded, or
 * a committed one completed) when the owner's heartbeat stops for `deadAfterMs`.
 *
 * Limits (fixed at creation, never grown, the buffer is never swapped):
 * - `maxEntries` live entries in the whole store (all tables); one more is CapacityExceededError.
 * - `maxKeyBytes` (default 256) per key: UTF-8 table name + canonical encoded key + 2; a longer
 *   key is OutOfRangeError (`argument: 'key'`).
 * - `maxValueBytes` (default 4,096) per value as JSON; a larger one (also a counter or breaker
 *   state that grows past it) is OutOfRangeError (`argument: 'value'`). Safe integers without a
 *   TTL are stored inline in the slot word and take no value bytes.
 * - `maxThreads` (default 64) attached instances at once.
 * - Memory: about 2 × maxEntries × maxValueBytes + 4 × maxEntries × maxKeyBytes bytes.
 * - `Table#update` runs its function in an optimistic CAS loop (no `modify`), as on Redis.
 * - The synchronous view (`table.sync`) cannot await: when another live thread is inside a write
 *   step that it needs, a sync call retries for at most 50 ms (busy-spinning on the main thread,
 *   `Atomics.wait` in a worker), then throws ContentionError and writes nothing. A thread that
 *   died inside a write step counts as live until its heartbeat is `deadAfterMs` old; from then
 *   on the next call (sync or async) takes the step over. Incrementing an existing inline
 *   integer counter needs no write step: it never waits.
 * - `entries()` walks slots: every entry live for the whole walk appears at least once.
 * - A write under a table's own `maxEntries` (or the store near its capacity) scans the slot
 *   array: O(maxEntries).
 *
 * Choose it when worker threads of ONE process share state (counters, limiters, breakers,
 * caches) and a round trip to Redis is too slow or unavailable. Choose `memory` (the default) for
 * one event loop; choose Redis when several processes or machines share the state.
 */
export type {
  AttachOptions,
  WorkersStoreHandle,
  WorkersStoreOptions,
  WorkersStoreStats,
} from './WorkersStore.js';
export { WorkersStore } from './WorkersStore.js';
