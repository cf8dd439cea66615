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

/**
 * The atomic operations a backend provides. Every method is one atomic step (the policy
 * operations come from {@link PolicyStore}).
 */
export interface Store extends PolicyStore {
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

// ---------------------------------------------------------------------------------------------
// Rate limits: one decision = one `rateLimit` call (the math: src/limit/algorithms/*.ts).

/** A rate-limit algorithm. */
export type LimitAlgorithm = 'fixed-window' | 'sliding-window' | 'token-bucket' | 'gcra';

/**
 * A rate-limit rule, as data, so every backend evaluates it inside its atomic step (Redis: one
 * Lua script on the server's `TIME`). All numbers are validated positive safe integers by the
 * policy before they reach a store.
 */
export interface LimitRule {
  readonly algorithm: LimitAlgorithm;
  /** Fixed/sliding window: most cost per window. Token bucket: capacity. GCRA: cost per window. */
  readonly limit: number;
  /** The window; token bucket: the refill interval. */
  readonly windowMs: number;
  /** Token bucket: tokens added per `windowMs` (whole intervals). */
  readonly refill?: number | undefined;
  /** GCRA: most cost admitted at once from an idle key. */
  readonly burst?: number | undefined;
  /** Violations (rejected consumes) within `violationWindowMs` that trigger an automatic block. */
  readonly blockAfter?: number | undefined;
  /** Length of an automatic block. */
  readonly blockMs?: number | undefined;
  /** Fixed window over which violations are counted. */
  readonly violationWindowMs?: number | undefined;
}

/** One key checked by a {@link LimitRequest}. */
export interface LimitItem {
  readonly table: string;
  readonly key: string;
  readonly rule: LimitRule;
  /** Non-negative safe integer, at most `rule.limit` (`rule.burst` for GCRA). */
  readonly cost: number;
}

/**
 * One rate-limit decision over one or more keys, applied as ONE atomic step.
 * - `consume`: every item is checked against its rule (and its block); when all pass, all are
 *   consumed; when any fails none is (unless `consumeOnReject`, which consumes every item anyway).
 *   Each item whose own check failed counts one violation (not while blocked).
 * - `peek`: reports without writing.
 * - `refund`: gives `cost` back to each item, floored at an empty state.
 * - `block`: blocks each item's key for `blockMs` from now.
 */
export interface LimitRequest {
  readonly op: 'consume' | 'peek' | 'refund' | 'block';
  readonly items: readonly LimitItem[];
  readonly consumeOnReject?: boolean | undefined;
  readonly blockMs?: number | undefined;
}

/** What one item of a {@link LimitRequest} saw, after the step (times on the store's clock). */
export interface LimitItemOutcome {
  /** This item's own check passed (consume), or it would pass now (peek/refund/block). */
  readonly allowed: boolean;
  /** Cost still admissible now. */
  readonly remaining: number;
  /** When the key is back to an empty state if nothing else happens. */
  readonly resetAtMs: number;
  /** 0 when allowed; otherwise ms until a call of this cost could pass. */
  readonly retryAfterMs: number;
  /** End of the key's block, or 0 when not blocked. */
  readonly blockedUntilMs: number;
  /** True for exactly the one decision that turned violations into a block. */
  readonly newlyBlocked: boolean;
  /** Violations counted in the current violation window (the threshold on the blocking call). */
  readonly violations: number;
}

/** The result of {@link Store.rateLimit}. */
export interface LimitResponse {
  /** Every item passed (consume), so every item was consumed. */
  readonly allowed: boolean;
  readonly items: readonly LimitItemOutcome[];
  /** The store's clock at the step. */
  readonly nowMs: number;
}

// ---------------------------------------------------------------------------------------------
// Circuit breakers: admission and outcome recording are each one `breaker` call
// (the state machine: src/breaker/transitions.ts).

/** A breaker's state. `isolated` is a manual hold-open. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

/** A breaker's rule, as data. Integers are validated by the policy. */
export interface BreakerRule {
  /** Open after this many consecutive failures; 0 disables. */
  readonly consecutiveFailures: number;
  /** Open when failures / calls in the window reach this ratio (0 < r <= 1); 0 disables. */
  readonly failureRatio: number;
  /** The ratio's sliding window (10 buckets). */
  readonly ratioWindowMs: number;
  /** Fewest calls in the window before the ratio may open the breaker. */
  readonly minimumCalls: number;
  /** Trials admitted per half-open period; all must succeed to close. */
  readonly halfOpenTrials: number;
  /** A trial's lease: at its deadline an unfinished trial counts as a failure. */
  readonly trialTimeoutMs: number;
  /** First open period; each re-open without closing multiplies it, up to `maxOpenMs`. */
  readonly openMs: number;
  readonly maxOpenMs: number;
  readonly backoffMultiplier: number;
  /** Expiry of the breaker's entry after its last write (the open period is added). */
  readonly idleTtlMs: number;
}

/** One breaker operation. */
export type BreakerCommand =
  | { readonly op: 'admit'; readonly token: string }
  | {
      readonly op: 'record';
      readonly generation: number;
      readonly token?: string | undefined;
      readonly outcome: 'success' | 'failure' | 'timeout';
    }
  | { readonly op: 'peek' }
  | { readonly op: 'isolate' }
  | { readonly op: 'close' };

/** Cumulative counters of a breaker (stale outcomes count here, never in the state machine). */
export interface BreakerCounters {
  readonly successes: number;
  readonly failures: number;
  readonly timeouts: number;
  readonly rejections: number;
  readonly staleOutcomes: number;
}

/** A state change persisted by one breaker call (reported to that call only: exactly once). */
export interface BreakerTransition {
  readonly from: BreakerState;
  readonly to: BreakerState;
  readonly generation: number;
  readonly atMs: number;
}

/** The result of {@link Store.breaker}. */
export interface BreakerReply {
  /** The state after the call, derived at the store's `now`. */
  readonly state: BreakerState;
  /** Increments on every transition; calls carry the generation they were admitted in. */
  readonly generation: number;
  /** admit: whether the call may run. */
  readonly admitted: boolean;
  /** admit: the call holds a half-open trial lease ending at `trialDeadlineMs`. */
  readonly trial: boolean;
  readonly trialDeadlineMs: number;
  /** Rejected admit: ms until the state may change (end of the open period / last trial lease). */
  readonly retryAfterMs: number;
  /** record: the outcome belonged to another generation (or an ended lease) and moved nothing. */
  readonly stale: boolean;
  readonly transitions: readonly BreakerTransition[];
  readonly consecutiveFailures: number;
  readonly windowCalls: number;
  readonly windowFailures: number;
  readonly counters: BreakerCounters;
  readonly nowMs: number;
}

/**
 * The atomic operations added for the policies (rate limiter, circuit breaker). Each is ONE
 * atomic step; each backend runs the same pure functions (memory) or a port of them (Lua, CAS).
 */
export interface PolicyStore {
  /** Applies one {@link LimitRequest} over its items' entries at once. */
  rateLimit(request: LimitRequest): Promise<LimitResponse>;
  /** Applies one {@link BreakerCommand} to the breaker stored at `table`/`key`. */
  breaker(
    table: string,
    key: string,
    command: BreakerCommand,
    rule: BreakerRule,
  ): Promise<BreakerReply>;
}
