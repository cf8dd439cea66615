/**
 * CircuitBreaker: a thin policy over one atomic store operation (`Store.breaker`). Admission and
 * outcome recording are each one store call; the state machine (src/breaker/transitions.ts) runs
 * inside the store, so several instances on one store see one breaker.
 */
import { randomUUID } from 'node:crypto';
import { getEventListeners, setMaxListeners } from 'node:events';
import { type CancelTimer, type Clock, systemClock } from '../clock.js';
import {
  AbortedError,
  InvalidArgumentError,
  OutOfRangeError,
  RacelessError,
  TimeoutError,
} from '../errors.js';
import { encodeKey } from '../keys.js';
import type { BreakerReply, BreakerRule, BreakerState, Store } from '../store/contract.js';
import {
  type BreakerFastSteps,
  MemoryStore,
  type MemorySync,
  memorySync,
} from '../store/memory.js';
import { knownFields, optionsObject, positiveInt } from '../validate.js';
import { publishBreakerEvent } from './events.js';

export type { BreakerState } from '../store/contract.js';

/** What callers get while half-open trials are all taken. */
export type HalfOpenMode = 'reject' | 'wait';

/** Options of {@link CircuitBreaker}. Defaults in brackets. */
export interface CircuitBreakerOptions {
  /** Where the state lives; breakers with one name on one store are one breaker. [private MemoryStore] */
  readonly store?: Store;
  /** Clock of the trial-deadline and wait timers; use the store's clock. [systemClock] */
  readonly clock?: Clock;
  /** Open after this many consecutive failures; 0 disables. [5, or 0 when failureRatio is set] */
  readonly consecutiveFailures?: number;
  /** Open when failures/calls in `ratioWindowMs` reach this (0 < r <= 1). [off] */
  readonly failureRatio?: number;
  /** The failure-ratio window (slides in 10 buckets). [60_000] */
  readonly ratioWindowMs?: number;
  /** Fewest calls in the window before the ratio applies. [10] */
  readonly minimumCalls?: number;
  /** Trials admitted per half-open period; all must succeed to close. [1] */
  readonly halfOpenTrials?: number;
  /** Other callers while the trials are taken: `'reject'` now, or `'wait'` for the verdict. ['reject'] */
  readonly halfOpenMode?: HalfOpenMode;
  /** A trial's deadline; a trial still running then ends and counts as a failure. Always on. [10_000] */
  readonly trialTimeoutMs?: number;
  /** First open period. [5_000] */
  readonly openMs?: number;
  /** Cap of the open period. [60_000] */
  readonly maxOpenMs?: number;
  /** Each re-open without closing multiplies the open period by this (>= 1). [2] */
  readonly backoffMultiplier?: number;
  /** The stored state expires this long after its last write (plus any open period). [3_600_000] */
  readonly idleTtlMs?: number;
  /** Which errors count as failures; others count as successes. [every error] */
  readonly isFailure?: (error: unknown) => boolean;
}

/** Options of {@link CircuitBreaker.execute}. */
export interface ExecuteOptions {
  /** Cancels a wait for the verdict, and is passed on to `fn` (combined with the trial deadline). */
  readonly signal?: AbortSignal;
}

/** A snapshot of a breaker, derived at the store's clock. */
export interface BreakerStats {
  readonly state: BreakerState;
  readonly generation: number;
  readonly consecutiveFailures: number;
  readonly windowCalls: number;
  readonly windowFailures: number;
  readonly successes: number;
  readonly failures: number;
  readonly timeouts: number;
  readonly rejections: number;
  readonly staleOutcomes: number;
  /** Open: ms until half-open. Half-open with every trial taken: ms until the last lease ends. */
  readonly retryAfterMs: number;
}

/**
 * The call was not admitted: the breaker is open, isolated, or half-open with every trial taken
 * (in `'reject'` mode). The function was not called. `code` is `'ERR_BREAKER_OPEN'`.
 * @example
 * try { await breaker.execute(call) } catch (e) { if (e instanceof BreakerOpenError) retryIn(e.retryAfterMs) }
 */
export class BreakerOpenError extends RacelessError {
  constructor(
    readonly breaker: string,
    readonly state: BreakerState,
    readonly retryAfterMs: number,
  ) {
    super('ERR_BREAKER_OPEN', `circuit breaker '${breaker}' is ${state}`);
    this.name = 'BreakerOpenError';
  }
}

const OPTION_FIELDS = [
  'store',
  'clock',
  'consecutiveFailures',
  'failureRatio',
  'ratioWindowMs',
  'minimumCalls',
  'halfOpenTrials',
  'halfOpenMode',
  'trialTimeoutMs',
  'openMs',
  'maxOpenMs',
  'backoffMultiplier',
  'idleTtlMs',
  'isFailure',
];

function nonNegativeInt(argument: string, value: unknown): number {
  if (typeof value !== 'number')
    throw new InvalidArgumentError(argument, `must be a number, got ${typeof value}`);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new OutOfRangeError(argument, `must be a non-negative safe integer, got ${value}`);
  }
  return value;
}

/**
 * Validates breaker options into the rule the store runs (defaults filled in). Pure.
 * @throws InvalidArgumentError / OutOfRangeError naming the option.
 * @example
 * breakerRule({ consecutiveFailures: 3 }).openMs // 5000
 */
export function breakerRule(options: CircuitBreakerOptions | undefined): BreakerRule {
  const o = optionsObject('options', options);
  knownFields('options', o, OPTION_FIELDS);
  let failureRatio = 0;
  if (o.failureRatio !== undefined) {
    if (typeof o.failureRatio !== 'number')
      throw new InvalidArgumentError('options.failureRatio', 'must be a number');
    if (!(o.failureRatio > 0 && o.failureRatio <= 1)) {
      throw new OutOfRangeError('options.failureRatio', `must be in (0, 1], got ${o.failureRatio}`);
    }
    failureRatio = o.failureRatio;
  }
  const consecutiveFailures =
    o.consecutiveFailures === undefined
      ? failureRatio > 0
        ? 0
        : 5
      : nonNegativeInt('options.consecutiveFailures', o.consecutiveFailures);
  if (consecutiveFailures === 0 && failureRatio === 0) {
    throw new InvalidArgumentError(
      'options.consecutiveFailures',
      'with no failureRatio, 0 would never open the breaker',
    );
  }
  const get = (name: string, d: number) =>
    o[name] === undefined ? d : positiveInt(`options.${name}`, o[name]);
  const openMs = get('openMs', 5_000);
  const maxOpenMs = get('maxOpenMs', Math.max(60_000, openMs));
  if (maxOpenMs < openMs) {
    throw new OutOfRangeError(
      'options.maxOpenMs',
      `must be >= openMs (${openMs}), got ${maxOpenMs}`,
    );
  }
  let backoffMultiplier = 2;
  if (o.backoffMultiplier !== undefined) {
    if (typeof o.backoffMultiplier !== 'number')
      throw new InvalidArgumentError('options.backoffMultiplier', 'must be a number');
    if (
      !Number.isFinite(o.backoffMultiplier) ||
      o.backoffMultiplier < 1 ||
      o.backoffMultiplier > 1_000
    ) {
      throw new OutOfRangeError(
        'options.backoffMultiplier',
        `must be from 1 to 1000, got ${o.backoffMultiplier}`,
      );
    }
    backoffMultiplier = o.backoffMultiplier;
  }
  const ratioWindowMs = get('ratioWindowMs', 60_000);
  const trialTimeoutMs = get('trialTimeoutMs', 10_000);
  const idleTtlMs = get('idleTtlMs', 3_600_000);
  if (idleTtlMs < ratioWindowMs) {
    throw new OutOfRangeError(
      'options.idleTtlMs',
      `must be >= ratioWindowMs (${ratioWindowMs}), got ${idleTtlMs}`,
    );
  }
  return {
    consecutiveFailures,
    failureRatio,
    ratioWindowMs,
    minimumCalls: get('minimumCalls', 10),
    halfOpenTrials: get('halfOpenTrials', 1),
    trialTimeoutMs,
    openMs,
    maxOpenMs,
    backoffMultiplier,
    idleTtlMs,
  };
}

const TIMED_OUT: unique symbol = Symbol('timed out');

/** The store table of breakers. */
const TABLE = 'raceless:breaker';

/** What settles the calls of one generation that run with the shared signal (see `#runIdle`). */
interface IdleHandlers {
  readonly generation: number;
  readonly succeeded: (value: unknown) => unknown;
  readonly failed: (error: unknown) => never;
}

/** A signal nothing can abort: no code holds its controller. */
function neverAbortingSignal(): AbortSignal {
  const signal = new AbortController().signal;
  // Concurrent calls share it: many listeners at once are no leak (and left-over ones are
  // handled by retireIdleSignalIfListened), so no MaxListenersExceeded warning.
  setMaxListeners(0, signal);
  return signal;
}

/**
 * The signal of every call that nothing can abort (no caller signal, not a trial), shared
 * because an AbortController costs more than the rest of such a call.
 */
let idleSignal = neverAbortingSignal();
let idleChecks = 0;

/**
 * Called as each call with the shared signal ends. Every 32nd call looks for 'abort' listeners
 * on it (a look costs as much as a fast record) and, when there are any, retires it: a listener
 * never removed is still there at the next look, so at most 32 calls' worth pile up. A listener
 * of a call still running may retire it too; that call keeps its (never aborting) signal.
 */
function retireIdleSignalIfListened(): void {
  if ((++idleChecks & 31) === 0 && getEventListeners(idleSignal, 'abort').length > 0) {
    idleSignal = neverAbortingSignal();
  }
}

/**
 * A circuit breaker whose state lives in a store, so every instance (task, process, host) using
 * the same name on the same store sees one breaker.
 *
 * Guarantees (each a test in test/breaker/):
 * - Admission and outcome recording are each ONE atomic store call.
 * - Half-open admits exactly `halfOpenTrials` trials per half-open period, through leases with an
 *   owner token and a deadline; other callers are rejected (`'reject'`) or wait for the verdict
 *   (`'wait'`), as configured.
 * - A trial always has a deadline: at `trialTimeoutMs` the call rejects with TimeoutError, its
 *   signal aborts, and it counts as a failure (another instance derives the same from the lease).
 * - Every call is tagged with the generation it was admitted in; outcomes from another generation
 *   count in `stats()` (`staleOutcomes`) but never move the state.
 * - The state is derived from stored data (opened-at, backoff, leases) when asked — no timer
 *   drives a transition. Open periods back off: openMs × backoffMultiplier^n, capped at maxOpenMs.
 * - Each transition is published once on `raceless:breaker`.
 *
 * @throws the constructor throws InvalidArgumentError / OutOfRangeError naming the option.
 * @example
 * const db = new CircuitBreaker('db', { consecutiveFailures: 3, openMs: 1_000 });
 * const rows = await db.execute((signal) => query(sql, { signal }));
 */
export class CircuitBreaker {
  /** The breaker's name: its identity on the store. */
  readonly name: string;
  readonly store: Store;
  /** The validated rule the store runs. */
  readonly rule: BreakerRule;
  readonly halfOpenMode: HalfOpenMode;
  readonly #clock: Clock;
  readonly #key: string;
  readonly #isFailure: (error: unknown) => boolean;
  readonly #waiters = new Set<() => void>();
  /** The synchronous steps of a plain MemoryStore, else undefined. */
  readonly #sync: MemorySync | undefined;
  /** The closed-state fast steps on the breaker table of that MemoryStore. */
  readonly #fast: BreakerFastSteps | undefined;

  constructor(name: string, options?: CircuitBreakerOptions) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError('name', 'must be a non-empty string');
    }
    const o = optionsObject('options', options);
    this.rule = breakerRule(o as CircuitBreakerOptions);
    const store = o.store;
    if (
      store !== undefined &&
      (typeof store !== 'object' ||
        store === null ||
        typeof (store as Store).breaker !== 'function')
    ) {
      throw new InvalidArgumentError('options.store', 'must implement the Store contract');
    }
    const clock = o.clock;
    if (
      clock !== undefined &&
      (typeof clock !== 'object' ||
        clock === null ||
        typeof (clock as Clock).setTimer !== 'function')
    ) {
      throw new InvalidArgumentError('options.clock', 'must implement Clock');
    }
    const mode = o.halfOpenMode ?? 'reject';
    if (mode !== 'reject' && mode !== 'wait') {
      throw new InvalidArgumentError(
        'options.halfOpenMode',
        `must be 'reject' or 'wait', got ${String(mode)}`,
      );
    }
    if (o.isFailure !== undefined && typeof o.isFailure !== 'function') {
      throw new InvalidArgumentError('options.isFailure', 'must be a function');
    }
    this.name = name;
    this.store = (store as Store | undefined) ?? new MemoryStore();
    this.#sync = memorySync(this.store);
    this.#fast = this.#sync?.breakerSteps(TABLE);
    this.#clock = (clock as Clock | undefined) ?? systemClock;
    this.halfOpenMode = mode;
    this.#isFailure = (o.isFailure as ((e: unknown) => boolean) | undefined) ?? (() => true);
    this.#key = encodeKey(name, 'name');
  }

  /**
   * Runs `fn` if the breaker admits the call, and records its outcome. `fn` receives a signal
   * that aborts when the caller's signal does or, for a half-open trial, at the trial deadline.
   * A call with neither (no `signal` given, not a trial) gets a signal that never aborts, and
   * that signal is shared by such calls (as cockatiel's `neverAbortedSignal`): do not treat its
   * identity as the call's. Listeners left on it are not kept alive: it is looked at every 32
   * calls, and replaced by a fresh one when it has 'abort' listeners.
   * On a plain MemoryStore an admitted call's `fn` starts before `execute` returns; on other
   * stores after the admission's round trip. A synchronous throw from `fn` is a rejection and a
   * recorded outcome like any other.
   * @throws BreakerOpenError when not admitted (fn not called); TimeoutError when a trial passed
   * its deadline; AbortedError when `signal` aborted before admission or during a wait; otherwise
   * whatever `fn` throws.
   * @example
   * const user = await breaker.execute((signal) => fetch(url, { signal }).then((r) => r.json()));
   */
  execute<T>(
    fn: (signal: AbortSignal) => T | PromiseLike<T>,
    options?: ExecuteOptions,
  ): Promise<T> {
    const sync = this.#sync;
    if (sync === undefined) return this.#execute(fn, options);
    // A plain MemoryStore: the same steps, with the store calls made inline.
    try {
      if (typeof fn !== 'function') throw new InvalidArgumentError('fn', 'must be a function');
      let signal: AbortSignal | undefined;
      if (options !== undefined) {
        const o = optionsObject('options', options);
        knownFields('options', o, ['signal']);
        signal = o.signal as AbortSignal | undefined;
        if (signal !== undefined && !(signal instanceof AbortSignal)) {
          throw new InvalidArgumentError('options.signal', 'must be an AbortSignal');
        }
        if (signal?.aborted) throw new AbortedError('aborted before admission', signal.reason);
      }
      if (signal === undefined) {
        // Closed: admitted at the stored generation, nothing written.
        const generation = (this.#fast as BreakerFastSteps).admit(this.#key);
        if (generation !== undefined) return this.#runIdle(fn, generation, sync);
      }
      const token = randomUUID();
      const command = { op: 'admit', token } as const;
      const reply = this.#observe(command, sync.breaker(TABLE, this.#key, command, this.rule));
      if (reply.admitted) {
        return reply.trial || signal !== undefined
          ? this.#run(fn, reply, token, signal)
          : this.#runIdle(fn, reply.generation, sync);
      }
      if (reply.state === 'half-open' && this.halfOpenMode === 'wait') {
        return this.#waitForVerdict(reply.retryAfterMs, signal).then(() =>
          this.#execute(fn, options),
        );
      }
      this.#reject(reply);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #execute<T>(
    fn: (signal: AbortSignal) => T | PromiseLike<T>,
    options?: ExecuteOptions,
  ): Promise<T> {
    if (typeof fn !== 'function') throw new InvalidArgumentError('fn', 'must be a function');
    const o = optionsObject('options', options);
    knownFields('options', o, ['signal']);
    const signal = o.signal as AbortSignal | undefined;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new InvalidArgumentError('options.signal', 'must be an AbortSignal');
    }
    for (;;) {
      if (signal?.aborted) throw new AbortedError('aborted before admission', signal.reason);
      const token = randomUUID();
      const reply = await this.#call({ op: 'admit', token });
      if (reply.admitted) return this.#run(fn, reply, token, signal);
      if (reply.state === 'half-open' && this.halfOpenMode === 'wait') {
        await this.#waitForVerdict(reply.retryAfterMs, signal);
        continue;
      }
      this.#reject(reply);
    }
  }

  #reject(reply: BreakerReply): never {
    publishBreakerEvent(() => ({
      breaker: this.name,
      event: 'rejected',
      state: reply.state,
      generation: reply.generation,
    }));
    throw new BreakerOpenError(this.name, reply.state, reply.retryAfterMs);
  }

  /**
   * `#run` for a call that is not a trial and has no caller signal, on a plain MemoryStore: its
   * signal never aborts (no deadline, no caller), so only the outcome is left to record.
   */
  #runIdle<T>(
    fn: (signal: AbortSignal) => T | PromiseLike<T>,
    generation: number,
    sync: MemorySync,
  ): Promise<T> {
    let handlers = this.#idleHandlers;
    if (handlers?.generation !== generation) {
      handlers = this.#makeIdleHandlers(generation, sync);
      this.#idleHandlers = handlers;
    }
    let result: T | PromiseLike<T>;
    try {
      result = fn(idleSignal);
    } catch (error) {
      // A synchronous throw is a failed call like any other: recorded, then a rejection.
      this.#settle(sync, generation, this.#counts(error));
      return Promise.reject(error);
    }
    return Promise.resolve(result).then(
      handlers.succeeded as (value: T) => T,
      handlers.failed as (error: unknown) => never,
    );
  }

  /**
   * The outcome handlers of idle-signal calls admitted in `generation` (the generation is all
   * that differs between such calls, so they are made once per generation, not per call).
   */
  #idleHandlers: IdleHandlers | undefined;

  #makeIdleHandlers(generation: number, sync: MemorySync): IdleHandlers {
    return {
      generation,
      succeeded: (value: unknown) => {
        this.#settle(sync, generation, false);
        return value;
      },
      failed: (error: unknown) => {
        this.#settle(sync, generation, this.#counts(error));
        throw error;
      },
    };
  }

  /** Whether `error` counts as a failure (`isFailure`; a throwing `isFailure` says yes). */
  #counts(error: unknown): boolean {
    try {
      return this.#isFailure(error) !== false;
    } catch {
      return true;
    }
  }

  /** Records the outcome of an idle-signal call (one store step); now and then retires the signal. */
  #settle(sync: MemorySync, generation: number, failed: boolean): void {
    if (!(this.#fast as BreakerFastSteps).record(this.#key, generation, failed, this.rule)) {
      const command = {
        op: 'record',
        generation,
        token: undefined,
        outcome: failed ? 'failure' : 'success',
      } as const;
      this.#observe(command, sync.breaker(TABLE, this.#key, command, this.rule));
    }
    retireIdleSignalIfListened();
  }

  /**
   * The current state, derived at the store's clock (an open breaker past its open period reads
   * half-open). Writes nothing.
   * @example
   * if ((await breaker.state()) === 'open') serveFromCache();
   */
  async state(): Promise<BreakerState> {
    return (await this.store.breaker(TABLE, this.#key, { op: 'peek' }, this.rule)).state;
  }

  /**
   * Counters and window of the breaker, derived at the store's clock. Writes nothing.
   * @example
   * const { state, failures, staleOutcomes } = await breaker.stats();
   */
  async stats(): Promise<BreakerStats> {
    const r = await this.store.breaker(TABLE, this.#key, { op: 'peek' }, this.rule);
    return {
      state: r.state,
      generation: r.generation,
      consecutiveFailures: r.consecutiveFailures,
      windowCalls: r.windowCalls,
      windowFailures: r.windowFailures,
      ...r.counters,
      retryAfterMs: r.retryAfterMs,
    };
  }

  /**
   * Holds the breaker open (state `isolated`) until {@link reset}: every call is rejected. The
   * generation moves, so outcomes of calls admitted before count as stale.
   * @example
   * await breaker.isolate(); // maintenance window
   */
  async isolate(): Promise<void> {
    await this.#call({ op: 'isolate' });
  }

  /**
   * Closes the breaker now (from any state) and clears its failure counts. Counters are kept.
   * @example
   * await breaker.reset();
   */
  async reset(): Promise<void> {
    await this.#call({ op: 'close' });
  }

  async #call(command: Parameters<Store['breaker']>[2]): Promise<BreakerReply> {
    return this.#observe(command, await this.store.breaker(TABLE, this.#key, command, this.rule));
  }

  /** Publishes what one breaker call reported and wakes local waiters on a change. */
  #observe(command: Parameters<Store['breaker']>[2], reply: BreakerReply): BreakerReply {
    for (const t of reply.transitions) {
      const timedOut = command.op === 'record' ? command.outcome === 'timeout' : true; // derived: an expired lease
      if (t.from === 'half-open' && t.to === 'open' && timedOut) {
        publishBreakerEvent(() => ({
          breaker: this.name,
          event: 'trial-timeout',
          state: t.to,
          generation: t.generation,
        }));
      }
      publishBreakerEvent(() => ({
        breaker: this.name,
        event: 'state-change',
        from: t.from,
        state: t.to,
        generation: t.generation,
      }));
    }
    if (reply.stale) {
      publishBreakerEvent(() => ({
        breaker: this.name,
        event: 'stale-outcome',
        state: reply.state,
        generation: reply.generation,
      }));
    }
    if (reply.transitions.length > 0) {
      // A verdict (or any change) wakes every local waiter to ask again.
      const waiters = [...this.#waiters];
      this.#waiters.clear();
      for (const wake of waiters) wake();
    }
    return reply;
  }

  async #run<T>(
    fn: (signal: AbortSignal) => T | PromiseLike<T>,
    admission: BreakerReply,
    token: string,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    // Nothing can abort a call with no caller signal that is not a trial: the shared signal.
    const controller = admission.trial || signal !== undefined ? new AbortController() : undefined;
    const callSignal = controller?.signal ?? idleSignal;
    const onAbort = () => controller?.abort(signal?.reason);
    if (signal !== undefined) {
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
    let cancelTimer: CancelTimer | undefined;
    const deadline = admission.trial
      ? new Promise<typeof TIMED_OUT>((resolve) => {
          cancelTimer = this.#clock.setTimer(
            Math.max(0, admission.trialDeadlineMs - admission.nowMs),
            () => resolve(TIMED_OUT),
          );
        })
      : undefined;
    const work = (async () => fn(callSignal))().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const settled = deadline === undefined ? await work : await Promise.race([work, deadline]);
    cancelTimer?.();
    signal?.removeEventListener('abort', onAbort);
    if (controller === undefined) retireIdleSignalIfListened();
    const record = (outcome: 'success' | 'failure' | 'timeout') =>
      this.#call({
        op: 'record',
        generation: admission.generation,
        token: admission.trial ? token : undefined,
        outcome,
      });
    if (settled === TIMED_OUT) {
      const error = new TimeoutError(
        `circuit breaker '${this.name}': trial passed its ${this.rule.trialTimeoutMs} ms deadline`,
      );
      controller?.abort(error);
      await record('timeout');
      throw error;
    }
    if (settled.ok) {
      await record('success');
      return settled.value;
    }
    let failed = true;
    try {
      failed = this.#isFailure(settled.error) !== false;
    } catch {
      failed = true;
    }
    await record(failed ? 'failure' : 'success');
    throw settled.error;
  }

  #waitForVerdict(retryAfterMs: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortedError('aborted while waiting for the half-open verdict', signal.reason));
        return;
      }
      let cancelTimer: CancelTimer = () => {};
      const done = () => {
        this.#waiters.delete(done);
        cancelTimer();
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.#waiters.delete(done);
        cancelTimer();
        reject(new AbortedError('aborted while waiting for the half-open verdict', signal?.reason));
      };
      this.#waiters.add(done);
      // The verdict is due by the last lease's deadline at the latest (another instance's trial
      // included): ask again then even if no local call reported it.
      cancelTimer = this.#clock.setTimer(Math.max(1, retryAfterMs), done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
