/**
 * RateLimiter: a thin policy over one atomic store operation (`Store.rateLimit`). Options are
 * validated here; the decision — check, consume, count the violation, block — happens inside the
 * store in one step, on the store's clock, in milliseconds.
 */
import {
  ClosedError,
  InvalidArgumentError,
  OutOfRangeError,
  StoreUnavailableError,
} from '../errors.js';
import { encodeKey, type Key } from '../keys.js';
import type {
  LimitAlgorithm,
  LimitItem,
  LimitItemOutcome,
  LimitRequest,
  LimitRule,
  Store,
} from '../store/contract.js';
import { MemoryStore, type MemorySync, memorySync } from '../store/memory.js';
import { knownFields, optionalPositiveInt, optionsObject, positiveInt } from '../validate.js';
import { publishLimitEvent } from './events.js';
import type { LimitOp, LimitStep } from './single.js';

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Where the counts live; limiters with the same name on one store share them. Default: a private MemoryStore. */
  readonly store?: Store;
  /** Default `'sliding-window'`. */
  readonly algorithm?: LimitAlgorithm;
  /** Cost admitted per window (token bucket: capacity). Required, positive integer. */
  readonly limit: number;
  /** Window length in ms (token bucket: refill interval). Required, positive integer. */
  readonly windowMs: number;
  /** Token bucket only: tokens added per `windowMs`. Default `limit`. */
  readonly refill?: number;
  /** GCRA only: most cost at once from an idle key. Default `limit`. */
  readonly burst?: number;
  /** Block a key automatically after this many violations (rejected consumes) in `violationWindowMs`. Needs `blockMs`. Default: never. */
  readonly blockAfter?: number;
  /** Length of an automatic block. Needs `blockAfter`. */
  readonly blockMs?: number;
  /** Window over which violations are counted. Default `windowMs`. */
  readonly violationWindowMs?: number;
  /** Rejected consumes consume anyway (penalise retries). Default false: rejected calls consume nothing. */
  readonly consumeOnReject?: boolean;
  /**
   * What a decision (`consume`, `peek`, `consumeAll`) answers when the store cannot be reached
   * (`StoreUnavailableError`). Default `'fail-closed'`. See {@link StoreErrorPolicy}.
   */
  readonly onStoreError?: StoreErrorPolicy;
}

/**
 * What a rate-limit decision answers when its store is unreachable (the store threw
 * `StoreUnavailableError`; any other error is thrown as always):
 * - `'fail-closed'` (default): a rejection, flagged `degraded: 'fail-closed'` with the error in
 *   `storeError`, `retryAfterMs` 1,000 (the store's state is unknown, so no exact wait exists).
 * - `'fail-open'`: the call is allowed, flagged `degraded: 'fail-open'`.
 * - a `RateLimiter` (e.g. an in-memory one, limiting per process while Redis is down): the same
 *   call is decided by it, flagged `degraded: 'fallback'` (or the fallback's own `degraded` if it
 *   failed too).
 *
 * The store call is never retried (a timeout may have run the script: retrying would double
 * count, rate-limit-redis #251). A failed call counts at most once in each store: possibly in
 * the unreachable store (if the script ran and only its reply was lost) and once in the fallback.
 * `refund`, `block`, `reset`, `resetAll` never degrade: they throw `StoreUnavailableError`.
 * @example
 * const local = new RateLimiter('api-local', { limit: 20, windowMs: 1_000 });
 * const api = new RateLimiter('api', { store, limit: 100, windowMs: 1_000, onStoreError: local });
 */
export type StoreErrorPolicy = 'fail-closed' | 'fail-open' | RateLimiter;

/** Options of a single call. */
export interface ConsumeOptions {
  /** Non-negative integer, at most the limit (GCRA: the burst). Default 1. */
  readonly cost?: number;
  /** Overrides the limiter's `consumeOnReject` for this call. */
  readonly consumeOnReject?: boolean;
}

/** The answer to one key's check. Times are on the store's clock, in ms. */
export interface RateLimitResult {
  /** The call passed (consume: and was counted). */
  readonly allowed: boolean;
  /** Cost still admissible now. */
  readonly remaining: number;
  /** The configured limit (for headers). */
  readonly limit: number;
  readonly windowMs: number;
  /** When the key is back to an empty state if nothing else happens. */
  readonly resetAtMs: number;
  /** 0 when allowed; otherwise ms until a call of this cost could pass. */
  readonly retryAfterMs: number;
  /** The key is blocked (automatically or by `block`). */
  readonly blocked: boolean;
  readonly blockedUntilMs: number;
  /** True for exactly one call: the violation that triggered the automatic block. */
  readonly newlyBlocked: boolean;
  /** Violations counted in the current violation window. */
  readonly violations: number;
  /** The store's clock when the decision was made (this process's clock when degraded). */
  readonly nowMs: number;
  /** Set only when the store was unreachable: how the decision was made instead. */
  readonly degraded?: 'fail-closed' | 'fail-open' | 'fallback';
  /** The store's error, when `degraded` is set. */
  readonly storeError?: StoreUnavailableError;
}

/** One check of {@link RateLimiter.consumeAll}. */
export interface LimitCheck {
  readonly limiter: RateLimiter;
  readonly key: Key;
  /** Default 1. */
  readonly cost?: number;
}

/** The answer of {@link RateLimiter.consumeAll}: all passed and all consumed, or none consumed. */
export interface MultiLimitResult {
  readonly allowed: boolean;
  /** 0 when allowed; otherwise the largest wait among the checks that failed. */
  readonly retryAfterMs: number;
  /** One result per check, in order (`allowed`: that check alone passed). */
  readonly results: readonly RateLimitResult[];
  /** Set only when the store was unreachable (see {@link StoreErrorPolicy}). */
  readonly degraded?: 'fail-closed' | 'fail-open' | 'fallback';
  /** The store's error, when `degraded` is set. */
  readonly storeError?: StoreUnavailableError;
}

const ALGORITHMS: readonly LimitAlgorithm[] = [
  'fixed-window',
  'sliding-window',
  'token-bucket',
  'gcra',
];
const OPTION_FIELDS = [
  'store',
  'algorithm',
  'limit',
  'windowMs',
  'refill',
  'burst',
  'blockAfter',
  'blockMs',
  'violationWindowMs',
  'consumeOnReject',
  'onStoreError',
];
const CONSUME_FIELDS = ['cost', 'consumeOnReject'];
const COST_FIELDS = ['cost'];
const DEGRADED_RETRY_MS = 1_000;
// Keeps every intermediate product (limit × windowMs and sums of a few) a safe integer.
const MAX_PRODUCT = 2 ** 48;

/** Whether two rules are the same (field by field). */
function sameRule(a: LimitRule, b: LimitRule): boolean {
  return (
    a === b ||
    (a.algorithm === b.algorithm &&
      a.limit === b.limit &&
      a.windowMs === b.windowMs &&
      a.refill === b.refill &&
      a.burst === b.burst &&
      a.blockAfter === b.blockAfter &&
      a.blockMs === b.blockMs &&
      a.violationWindowMs === b.violationWindowMs)
  );
}

/**
 * A rate limiter. Each decision is ONE atomic store operation, so concurrent callers can never
 * pass more than the algorithm admits (1,000 concurrent attempts at limit 5: exactly 5 pass).
 *
 * Guarantees:
 * - Rejected calls consume nothing (unless `consumeOnReject`); refunds never go below empty.
 * - Every key written carries a TTL (until its state is empty again), refund-created ones too;
 *   expired windows are reclaimed by the store.
 * - The automatic block after `blockAfter` violations is reported (`newlyBlocked`, and a
 *   `blocked` event on `raceless:limit`) by exactly one call.
 * - Limiters are isolated by name: `close()` and `resetAll()` never touch another limiter's counts;
 *   `close()` touches no counts at all.
 * - When the store is unreachable (`StoreUnavailableError`), `onStoreError` decides: a flagged
 *   rejection (`'fail-closed'`, the default), a flagged pass (`'fail-open'`), or a fallback
 *   limiter. The store call is never retried (no double count).
 * - Algorithms and their bounds: `fixed-window` (a burst across a window edge: up to 2 × limit),
 *   `sliding-window` (counter interpolation: an edge burst is held to limit; see its module for the
 *   adversarial bound), `token-bucket` (limit, plus `refill` per whole interval), `gcra` (burst,
 *   plus limit per window, evenly spaced).
 *
 * @throws InvalidArgumentError / OutOfRangeError naming the option (`options.limit`, `cost`, ...)
 * for bad input, before anything is written; ClosedError after `close()`.
 * @example
 * const login = new RateLimiter('login', { limit: 5, windowMs: 60_000, algorithm: 'fixed-window' });
 * const r = await login.consume(['ip', '10.0.0.1']);
 * if (!r.allowed) reply.status(429).headers(rateLimitHeaders(r));
 */
export class RateLimiter {
  /** The limiter's name: its identity on the store. */
  readonly name: string;
  /** The store its counts live on. */
  readonly store: Store;
  /** The validated rule, as the store receives it. */
  readonly rule: LimitRule;
  readonly #table: string;
  readonly #consumeOnReject: boolean;
  readonly #onStoreError: StoreErrorPolicy;
  readonly #capacity: number;
  /** The store's synchronous steps when it is a plain MemoryStore (see `memorySync`). */
  readonly #sync: MemorySync | undefined;
  #closed = false;

  constructor(name: string, options: RateLimiterOptions) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError('name', 'must be a non-empty string');
    }
    if (options === undefined)
      throw new InvalidArgumentError('options', 'limit and windowMs are required');
    const o = optionsObject('options', options);
    knownFields('options', o, OPTION_FIELDS);
    const store = o.store;
    if (
      store !== undefined &&
      (typeof store !== 'object' ||
        store === null ||
        typeof (store as Store).rateLimit !== 'function')
    ) {
      throw new InvalidArgumentError('options.store', 'must implement the Store contract');
    }
    const algorithm = o.algorithm ?? 'sliding-window';
    if (!ALGORITHMS.includes(algorithm as LimitAlgorithm)) {
      throw new InvalidArgumentError(
        'options.algorithm',
        `must be one of ${ALGORITHMS.join(', ')}, got ${String(algorithm)}`,
      );
    }
    const limit = positiveInt('options.limit', o.limit);
    const windowMs = positiveInt('options.windowMs', o.windowMs);
    const refill = optionalPositiveInt('options.refill', o.refill);
    const burst = optionalPositiveInt('options.burst', o.burst);
    if (refill !== undefined && algorithm !== 'token-bucket') {
      throw new InvalidArgumentError('options.refill', "applies only to algorithm 'token-bucket'");
    }
    if (burst !== undefined && algorithm !== 'gcra') {
      throw new InvalidArgumentError('options.burst', "applies only to algorithm 'gcra'");
    }
    if (refill !== undefined && refill > limit) {
      throw new OutOfRangeError(
        'options.refill',
        `must be at most limit (${limit}), got ${refill}`,
      );
    }
    const blockAfter = optionalPositiveInt('options.blockAfter', o.blockAfter);
    const blockMs = optionalPositiveInt('options.blockMs', o.blockMs);
    if ((blockAfter === undefined) !== (blockMs === undefined)) {
      throw new InvalidArgumentError(
        blockAfter === undefined ? 'options.blockAfter' : 'options.blockMs',
        'blockAfter and blockMs go together',
      );
    }
    const violationWindowMs =
      optionalPositiveInt('options.violationWindowMs', o.violationWindowMs) ?? windowMs;
    const capacity = Math.max(limit, burst ?? 0);
    if (capacity * windowMs > MAX_PRODUCT) {
      throw new OutOfRangeError(
        'options.windowMs',
        `limit × windowMs must be at most 2^48, got ${capacity} × ${windowMs}`,
      );
    }
    if (o.consumeOnReject !== undefined && typeof o.consumeOnReject !== 'boolean') {
      throw new InvalidArgumentError('options.consumeOnReject', 'must be a boolean');
    }
    const onStoreError = o.onStoreError ?? 'fail-closed';
    if (
      onStoreError !== 'fail-closed' &&
      onStoreError !== 'fail-open' &&
      !(onStoreError instanceof RateLimiter)
    ) {
      throw new InvalidArgumentError(
        'options.onStoreError',
        "must be 'fail-closed', 'fail-open' or a fallback RateLimiter",
      );
    }
    this.#onStoreError = onStoreError;
    this.name = name;
    this.store = (store as Store | undefined) ?? new MemoryStore();
    this.rule = {
      algorithm: algorithm as LimitAlgorithm,
      limit,
      windowMs,
      refill,
      burst,
      blockAfter,
      blockMs,
      violationWindowMs,
    };
    this.#table = `raceless:limit:${name}`;
    this.#consumeOnReject = o.consumeOnReject === true;
    this.#capacity = algorithm === 'gcra' ? (burst ?? limit) : limit;
    this.#sync = memorySync(this.store);
  }

  /** Most cost one call may ask for: the limit (GCRA: the burst). */
  get capacity(): number {
    return this.#capacity;
  }

  /**
   * Checks `key` and, when it passes, consumes `cost` — one atomic step. A rejected call consumes
   * nothing unless `consumeOnReject`, and counts one violation (which may block the key).
   * @throws InvalidArgumentError / OutOfRangeError for a bad key or cost; ClosedError.
   * @example
   * const r = await limiter.consume('user-1', { cost: 2 });
   * r.allowed; r.remaining; r.retryAfterMs;
   */
  consume(key: Key, options?: ConsumeOptions): Promise<RateLimitResult> {
    const sync = this.#sync;
    if (sync === undefined) return this.#consume(key, options);
    try {
      // The same checks, in the same order, as #callOptions + #item (without their objects).
      let cost = 1;
      let consumeOnReject = this.#consumeOnReject;
      let encoded: string;
      if (options === undefined) {
        this.#open();
        encoded = encodeKey(key, 'key');
      } else {
        const o = this.#callOptions(options, CONSUME_FIELDS);
        encoded = encodeKey(key, 'key');
        cost = this.#cost(o.cost, '');
        if (o.consumeOnReject !== undefined) consumeOnReject = o.consumeOnReject;
      }
      let step: LimitStep;
      try {
        step = sync.rateLimitOne(
          'consume',
          this.#table,
          encoded,
          this.rule,
          cost,
          consumeOnReject,
          0,
        );
      } catch (error) {
        return this.#degrade(error, (fallback) => fallback.consume(key, options));
      }
      return Promise.resolve(this.#stepResult(key, step));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #consume(key: Key, options?: ConsumeOptions): Promise<RateLimitResult> {
    const o = this.#callOptions(options, CONSUME_FIELDS);
    const item = this.#item(key, o.cost);
    let res: Awaited<ReturnType<Store['rateLimit']>>;
    try {
      res = await this.store.rateLimit({
        op: 'consume',
        items: [item],
        consumeOnReject: o.consumeOnReject ?? this.#consumeOnReject,
      });
    } catch (error) {
      return this.#degrade(error, (fallback) => fallback.consume(key, options));
    }
    return this.#result(key, res.items[0]!, res.nowMs);
  }

  /**
   * What `consume` would answer now for `cost`, without writing anything.
   * @throws InvalidArgumentError / OutOfRangeError; ClosedError.
   * @example
   * (await limiter.peek('user-1')).remaining
   */
  async peek(key: Key, options?: Pick<ConsumeOptions, 'cost'>): Promise<RateLimitResult> {
    const o = this.#callOptions(options, COST_FIELDS);
    const sync = this.#sync;
    if (sync !== undefined) {
      const encoded = encodeKey(key, 'key');
      const cost = this.#cost(o.cost, '');
      let step: LimitStep;
      try {
        step = sync.rateLimitOne('peek', this.#table, encoded, this.rule, cost, false, 0);
      } catch (error) {
        return this.#degrade(error, (fallback) => fallback.peek(key, options));
      }
      return this.#stepResult(key, step);
    }
    const item = this.#item(key, o.cost);
    let res: Awaited<ReturnType<Store['rateLimit']>>;
    try {
      res = await this.store.rateLimit({ op: 'peek', items: [item] });
    } catch (error) {
      return this.#degrade(error, (fallback) => fallback.peek(key, options));
    }
    return this.#result(key, res.items[0]!, res.nowMs);
  }

  /**
   * Gives `cost` back to `key` (e.g. the guarded work turned out free). Never goes below the
   * empty state; an entry it writes carries a TTL like any other.
   * @throws InvalidArgumentError / OutOfRangeError; ClosedError.
   * @example
   * await limiter.refund('user-1', { cost: 1 });
   */
  async refund(key: Key, options?: Pick<ConsumeOptions, 'cost'>): Promise<RateLimitResult> {
    const o = this.#callOptions(options, COST_FIELDS);
    const sync = this.#sync;
    if (sync !== undefined) {
      const encoded = encodeKey(key, 'key');
      const cost = this.#cost(o.cost, '');
      return this.#stepResult(key, this.#syncStep(sync, 'refund', encoded, cost, 0));
    }
    const res = await this.store.rateLimit({ op: 'refund', items: [this.#item(key, o.cost)] });
    return this.#result(key, res.items[0]!, res.nowMs);
  }

  /**
   * Blocks `key` for `ms` from now (replacing any current block). Its counts are kept.
   * @throws OutOfRangeError (`ms`); ClosedError.
   * @example
   * await limiter.block(['ip', addr], 15 * 60_000);
   */
  async block(key: Key, ms: number): Promise<RateLimitResult> {
    this.#open();
    positiveInt('ms', ms);
    let out: RateLimitResult;
    const sync = this.#sync;
    if (sync !== undefined) {
      const encoded = encodeKey(key, 'key');
      out = this.#stepResult(key, this.#syncStep(sync, 'block', encoded, 0, ms));
    } else {
      const res = await this.store.rateLimit({
        op: 'block',
        items: [this.#item(key, 0)],
        blockMs: ms,
      });
      out = this.#result(key, res.items[0]!, res.nowMs);
    }
    publishLimitEvent(() => ({
      limiter: this.name,
      event: 'blocked',
      key,
      untilMs: out.blockedUntilMs,
      manual: true,
    }));
    return out;
  }

  /**
   * Forgets `key`: its counts, violations and block. Returns whether it had state.
   * @throws InvalidArgumentError; ClosedError.
   * @example
   * await limiter.reset('user-1'); // after a successful login
   */
  async reset(key: Key): Promise<boolean> {
    this.#open();
    return this.store.delete(this.#table, encodeKey(key, 'key'));
  }

  /**
   * Forgets every key of THIS limiter (by name); other limiters on the store keep their counts.
   * Returns how many keys had state.
   * @throws ClosedError.
   * @example
   * await limiter.resetAll();
   */
  async resetAll(): Promise<number> {
    this.#open();
    return this.store.clear(this.#table);
  }

  /**
   * Stops this instance: later calls throw ClosedError. Touches no counts — other instances and
   * other limiters on the store are unaffected. Idempotent.
   * @example
   * limiter.close();
   */
  close(): void {
    this.#closed = true;
  }

  /** `await using limiter = new RateLimiter(...)` closes it. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /**
   * Atomic multi-limit consume: every check passes and every one is consumed, or none is (e.g.
   * per-user AND per-route, per-second AND per-minute). One store operation; all limiters must
   * share one store. Each failing check counts a violation on its own key.
   * @throws InvalidArgumentError (`checks`) for an empty list; (`checks[i].limiter`) for limiters
   * on different stores, or two checks of one key by limiters that share a name but not their
   * options (one key has one state, under one rule); the limiters' own errors for bad keys and
   * costs; ClosedError.
   * @example
   * const r = await RateLimiter.consumeAll([
   *   { limiter: perSecond, key: user },
   *   { limiter: perMinute, key: user },
   *   { limiter: perRoute, key: route },
   * ]);
   * if (!r.allowed) await sleep(r.retryAfterMs);
   */
  static async consumeAll(
    checks: readonly LimitCheck[],
    options?: Pick<ConsumeOptions, 'consumeOnReject'>,
  ): Promise<MultiLimitResult> {
    if (!Array.isArray(checks) || checks.length === 0) {
      throw new InvalidArgumentError('checks', 'must be a non-empty array');
    }
    const o = optionsObject('options', options);
    knownFields('options', o, ['consumeOnReject']);
    const items: LimitItem[] = [];
    // The rule each table/key is checked with: one key's state has one shape, so two checks of
    // one key (limiters with one name) must share the rule.
    const rules = new Map<string, { rule: LimitRule; index: number }>();
    let store: Store | undefined;
    for (let i = 0; i < checks.length; i++) {
      const c = checks[i] as LimitCheck | undefined;
      if (c === undefined || !(c.limiter instanceof RateLimiter)) {
        throw new InvalidArgumentError(`checks[${i}].limiter`, 'must be a RateLimiter');
      }
      if (store !== undefined && c.limiter.store !== store) {
        throw new InvalidArgumentError(`checks[${i}].limiter`, 'all limiters must share one store');
      }
      store = c.limiter.store;
      const item = c.limiter.#item(c.key, c.cost, `checks[${i}]`);
      const id = `${item.table}\u0000${item.key}`;
      const seen = rules.get(id);
      if (seen === undefined) rules.set(id, { rule: item.rule, index: i });
      else if (!sameRule(seen.rule, item.rule)) {
        throw new InvalidArgumentError(
          `checks[${i}].limiter`,
          `checks[${seen.index}] names the same key of limiter '${c.limiter.name}' with other options; limiters sharing a name must share their options`,
        );
      }
      items.push(item);
    }
    const consumeOnReject =
      o.consumeOnReject === undefined ? undefined : o.consumeOnReject === true;
    const request: LimitRequest = { op: 'consume', items, consumeOnReject };
    let res: Awaited<ReturnType<Store['rateLimit']>>;
    try {
      res = await store!.rateLimit(request);
    } catch (error) {
      return RateLimiter.#degradeAll(error, checks, options);
    }
    const results = res.items.map((out, i) =>
      checks[i]!.limiter.#result(checks[i]!.key, out, res.nowMs),
    );
    return {
      allowed: res.allowed,
      retryAfterMs: res.allowed ? 0 : Math.max(0, ...results.map((r) => r.retryAfterMs)),
      results,
    };
  }

  /** The answer when the store failed: the policy's, or the error thrown again. */
  async #degrade(
    error: unknown,
    viaFallback: (fallback: RateLimiter) => Promise<RateLimitResult>,
  ): Promise<RateLimitResult> {
    if (!(error instanceof StoreUnavailableError)) throw error;
    const policy = this.#onStoreError;
    if (policy instanceof RateLimiter) {
      const r = await viaFallback(policy);
      return { ...r, degraded: r.degraded ?? 'fallback', storeError: error };
    }
    return this.#synthetic(policy === 'fail-open', policy, error);
  }

  #synthetic(
    allowed: boolean,
    degraded: 'fail-closed' | 'fail-open',
    storeError: StoreUnavailableError,
  ): RateLimitResult {
    const nowMs = Date.now();
    return {
      allowed,
      remaining: 0,
      limit: this.capacity,
      windowMs: this.rule.windowMs,
      resetAtMs: allowed ? nowMs : nowMs + DEGRADED_RETRY_MS,
      retryAfterMs: allowed ? 0 : DEGRADED_RETRY_MS,
      blocked: false,
      blockedUntilMs: 0,
      newlyBlocked: false,
      violations: 0,
      nowMs,
      degraded,
      storeError,
    };
  }

  /**
   * `consumeAll` when the store failed: through the fallbacks when every limiter has one (they
   * must share a store), allowed when every limiter fails open, else rejected (fail-closed).
   */
  static async #degradeAll(
    error: unknown,
    checks: readonly LimitCheck[],
    options: Pick<ConsumeOptions, 'consumeOnReject'> | undefined,
  ): Promise<MultiLimitResult> {
    if (!(error instanceof StoreUnavailableError)) throw error;
    const policies = checks.map((c) => c.limiter.#onStoreError);
    if (policies.every((p) => p instanceof RateLimiter)) {
      const r = await RateLimiter.consumeAll(
        checks.map((c, i) => ({ ...c, limiter: policies[i] as RateLimiter })),
        options,
      );
      return { ...r, degraded: r.degraded ?? 'fallback', storeError: error };
    }
    const open = policies.every((p) => p === 'fail-open');
    const degraded = open ? 'fail-open' : 'fail-closed';
    const results = checks.map((c) => c.limiter.#synthetic(open, degraded, error));
    return {
      allowed: open,
      retryAfterMs: open ? 0 : DEGRADED_RETRY_MS,
      results,
      degraded,
      storeError: error,
    };
  }

  #open(): void {
    if (this.#closed) throw new ClosedError(`rate limiter '${this.name}'`);
  }

  #callOptions(
    options: unknown,
    allowed: readonly string[],
  ): { cost?: unknown; consumeOnReject?: boolean } {
    this.#open();
    const o = optionsObject('options', options);
    knownFields('options', o, allowed);
    if (o.consumeOnReject !== undefined && typeof o.consumeOnReject !== 'boolean') {
      throw new InvalidArgumentError('options.consumeOnReject', 'must be a boolean');
    }
    return o as { cost?: unknown; consumeOnReject?: boolean };
  }

  #item(key: Key, cost: unknown, at = ''): LimitItem {
    this.#open();
    const encoded = encodeKey(key, at === '' ? 'key' : `${at}.key`);
    return { table: this.#table, key: encoded, rule: this.rule, cost: this.#cost(cost, at) };
  }

  /** A call's validated cost (default 1); `at` prefixes the argument name (`checks[i]`). */
  #cost(cost: unknown, at: string): number {
    const c = cost ?? 1;
    if (typeof c !== 'number')
      throw new InvalidArgumentError(
        at === '' ? 'cost' : `${at}.cost`,
        `must be a number, got ${typeof c}`,
      );
    if (!Number.isSafeInteger(c) || c < 0 || c > this.#capacity) {
      throw new OutOfRangeError(
        at === '' ? 'cost' : `${at}.cost`,
        `must be an integer from 0 to ${this.#capacity} (the limiter's capacity), got ${c}`,
      );
    }
    return c;
  }

  /** One step of `op` on the memory store's synchronous path (validated key and cost). */
  #syncStep(sync: MemorySync, op: LimitOp, encoded: string, cost: number, blockMs: number) {
    return sync.rateLimitOne(op, this.#table, encoded, this.rule, cost, false, blockMs);
  }

  /** `#result` from the memory store's step record (read at once: the record is reused). */
  #stepResult(key: Key, step: LimitStep): RateLimitResult {
    const out: RateLimitResult = {
      allowed: step.allowed,
      remaining: step.remaining,
      limit: this.#capacity,
      windowMs: this.rule.windowMs,
      resetAtMs: step.resetAtMs,
      retryAfterMs: step.retryAfterMs,
      blocked: step.blockedUntilMs > 0,
      blockedUntilMs: step.blockedUntilMs,
      newlyBlocked: step.newlyBlocked,
      violations: step.violations,
      nowMs: step.nowMs,
    };
    if (out.newlyBlocked) this.#publishBlocked(key, out.blockedUntilMs);
    return out;
  }

  #publishBlocked(key: Key, untilMs: number): void {
    publishLimitEvent(() => ({
      limiter: this.name,
      event: 'blocked',
      key,
      untilMs,
      manual: false,
    }));
  }

  #result(key: Key, out: LimitItemOutcome, nowMs: number): RateLimitResult {
    if (out.newlyBlocked) this.#publishBlocked(key, out.blockedUntilMs);
    return {
      allowed: out.allowed,
      remaining: out.remaining,
      limit: this.#capacity,
      windowMs: this.rule.windowMs,
      resetAtMs: out.resetAtMs,
      retryAfterMs: out.retryAfterMs,
      blocked: out.blockedUntilMs > 0,
      blockedUntilMs: out.blockedUntilMs,
      newlyBlocked: out.newlyBlocked,
      violations: out.violations,
      nowMs,
    };
  }
}
