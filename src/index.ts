/**
 * raceless — race-free shared state for Node.js services.
 * The core entry point: errors, keys, clocks, the store contract, the memory store and Table.
 */

export { BreakerRegistry, type BreakerRegistryOptions } from './breaker/BreakerRegistry.js';
export {
  BreakerOpenError,
  type BreakerStats,
  breakerRule,
  CircuitBreaker,
  type CircuitBreakerOptions,
  type ExecuteOptions,
  type HalfOpenMode,
} from './breaker/CircuitBreaker.js';
export { type BreakerEvent, breakerChannel } from './breaker/events.js';
export { breakerStep } from './breaker/transitions.js';
export {
  Cache,
  type CacheEvent,
  type CacheOptions,
  type CacheSetOptions,
  type CacheStats,
  cacheChannel,
  type GetOrLoadOptions,
  type SyncCache,
} from './cache/Cache.js';
export * from './clock.js';
export { cloneData, copyData, type Data, type DataObject, dataEquals } from './data.js';
export * from './errors.js';
export { publishTableEvent, type TableEvent, tableChannel } from './events.js';
export { decodeKey, encodeKey, type Key, type KeyPart } from './keys.js';
export { decideLimits, type LimitWrite } from './limit/decide.js';
export { type LimitEvent, limitChannel } from './limit/events.js';
export { rateLimitHeaders } from './limit/headers.js';
export {
  type ConsumeOptions,
  type LimitCheck,
  type MultiLimitResult,
  RateLimiter,
  type RateLimiterOptions,
  type RateLimitResult,
  type StoreErrorPolicy,
} from './limit/RateLimiter.js';
export { Counter } from './metrics/Counter.js';
export { fromFixedPoint, meanOf, type Rounding, toFixedPoint } from './metrics/fixed-point.js';
export { Gauge } from './metrics/Gauge.js';
export { Histogram } from './metrics/Histogram.js';
export { Metrics } from './metrics/Metrics.js';
export {
  type CollectOptions,
  DEFAULT_BUCKETS,
  type HistogramOptions,
  type HistogramSnapshot,
  type Labels,
  type MetricOptions,
  type MetricsEvent,
  type MetricsOptions,
  metricsChannel,
  type SummarySnapshot,
} from './metrics/options.js';
export { escapeHelp, escapeLabelValue, formatLabels } from './metrics/prometheus.js';
export { Summary } from './metrics/Summary.js';
export { type RegistryEvent, registryChannel } from './registry/events.js';
export {
  type RegisterOptions,
  type Registration,
  type RegistrationInfo,
  Registry,
  type RegistryOptions,
  type RegistryStats,
  type SetupContext,
  type SetupStep,
  type Undo,
} from './registry/Registry.js';
export {
  type CreateTaskOptions,
  type TaskRecord,
  TaskRegistry,
  type TaskRegistryOptions,
  type TaskRegistryStats,
  type TaskState,
  TERMINAL_STATES,
} from './registry/TaskRegistry.js';
export type {
  BreakerCommand,
  BreakerCounters,
  BreakerReply,
  BreakerRule,
  BreakerState,
  BreakerTransition,
  Comparison,
  CounterOp,
  CreateOptions as StoreCreateOptions,
  LimitAlgorithm,
  LimitItem,
  LimitItemOutcome,
  LimitRequest,
  LimitResponse,
  LimitRule,
  Limits,
  Operand,
  PolicyStore,
  ScanPage,
  Spec,
  Store,
  StoreEntry,
  WriteItem,
} from './store/contract.js';
export { applyCounterOps } from './store/counter.js';
export { MemoryStore, type MemoryStoreOptions } from './store/memory.js';
export { matchSpec, validateSpec } from './store/spec.js';
export { type Closer, closer } from './sync/closer.js';
export {
  Deferred,
  type DeferredEvent,
  type DeferredOptions,
  type DeferredState,
  deferredChannel,
} from './sync/Deferred.js';
export { KeyedMutex, type KeyedMutexOptions } from './sync/KeyedMutex.js';
export { Mailbox, type MailboxOptions, type OverflowPolicy } from './sync/Mailbox.js';
export { Mutex, type MutexOptions } from './sync/Mutex.js';
export { once } from './sync/once.js';
export type { WaitOptions } from './sync/options.js';
export { type Releaser, Semaphore, type SemaphoreOptions } from './sync/Semaphore.js';
export { type FlightResult, SingleFlight, type SingleFlightOptions } from './sync/SingleFlight.js';
export type { SyncKey } from './sync/syncKey.js';
export { type FailurePolicy, TaskGroup, type TaskGroupOptions } from './sync/TaskGroup.js';
export type { SyncTable } from './table/SyncTable.js';
export {
  type CreateOptions,
  type EntriesOptions,
  Table,
  type TableOptions,
  type TtlOptions,
} from './table/Table.js';
