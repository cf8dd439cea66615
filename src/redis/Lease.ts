/**
 * Leases (distributed locks) on Redis, with fencing tokens.
 *
 * Acquire, extend and release are each ONE Lua script: acquire is set-if-absent of the owner key
 * (`<owner token>:<fencing token>`, PX = TTL) plus the next fencing token, in the same step;
 * extend is compare-and-set on the owner value and never re-creates an expired key
 * (redis-semaphore #175); release is compare-and-delete. Nothing is retried after a timeout or a
 * lost connection (the outcome is unknown: `StoreUnavailableError`).
 *
 * Validity is counted on THIS process's monotonic clock from `performance.now()` taken BEFORE the
 * acquire (or extend) was sent, minus a drift margin (1% of the TTL + 2 ms): the key cannot
 * expire on the server before that point. A lease whose acquisition took longer than its validity
 * is never returned (it is released, and the attempt counts as a failure: redlock #296, #299).
 *
 * Fencing tokens are `max(previous + 1, server TIME in µs)`: strictly increasing for a name while
 * its fencing key lives (it is refreshed on every acquire and expires `fencingTtlMs` after the
 * last one, default 7 days, so every key a lease writes expires), and still increasing after it
 * expired, because the server clock has moved on by the idle time (see `lua/lease.ts`).
 *
 * Waiting for a held lease polls (no pub/sub, no extra connection, works on Cluster and through
 * any proxy): exponential backoff from `retryDelayMs` to `maxRetryDelayMs` with jitter, never
 * sleeping past the holder's remaining TTL; cancellable by `signal` and `timeoutMs`. Not FIFO:
 * a waiter is not guaranteed to get the lease before a later one.
 *
 * What it guarantees, plainly:
 * - **One primary** (a single Redis, or a primary whose replicas you never fail over to): at most
 *   one holder at a time — while `lease.isValid()` is true no other lease for the name exists,
 *   provided this process's clock and the server's do not drift apart by more than the margin.
 *   A holder that pauses (GC, swapped out, a stopped container) may still *believe* it holds a
 *   lease that has expired: check `isValid()`/`signal` before acting, and let the resource check
 *   the fencing token, which is the only protection against a paused holder.
 * - **Redis Cluster**: a lease is two keys with one hash tag, so one slot, so one primary at a
 *   time — the same guarantees as one primary, per lease.
 * - **Failover** (Sentinel, Cluster replica promotion): replication is asynchronous. A lease
 *   acquired on the old primary can be missing on the promoted replica, so a second client can
 *   acquire it: **two holders are possible**. `WAIT` does not make Redis a consensus system.
 *   Fencing tokens stay increasing across a failover as long as the new primary's clock is not
 *   behind by more than the failover took (tokens are seeded from the server clock), so a
 *   resource that checks them ({@link FencingGuard}) still refuses the older holder. There is no
 *   Redlock here: it does not fix this (it depends on bounded pauses and clock rates) — use
 *   fencing, or a consensus store, when two holders would be unsafe.
 */
import { randomUUID } from 'node:crypto';
import diagnostics_channel from 'node:diagnostics_channel';
import {
  AbortedError,
  InvalidArgumentError,
  OutOfRangeError,
  RacelessError,
  StoreUnavailableError,
  TimeoutError,
} from '../errors.js';
import { encodeKey, type Key } from '../keys.js';
import { Mutex } from '../sync/Mutex.js';
import { checkSignal, checkTimeoutMs } from '../sync/options.js';
import { knownFields, optionalPositiveInt, optionsObject, positiveInt } from '../validate.js';
import { LuaScript, type ScriptRunner, scriptRunner } from './adapter.js';
import { LEASE_ACQUIRE, LEASE_EXTEND, LEASE_RELEASE } from './lua/lease.js';

const ACQUIRE = new LuaScript(`-- raceless lease acquire\n${LEASE_ACQUIRE}`);
const EXTEND = new LuaScript(`-- raceless lease extend\n${LEASE_EXTEND}`);
const RELEASE = new LuaScript(`-- raceless lease release\n${LEASE_RELEASE}`);

const DAY_MS = 86_400_000;
/** Shortest TTL a lease accepts (the drift margin must leave some validity). */
const MIN_TTL_MS = 10;

/** Why a lease ended: see {@link LeaseLostError}. */
export type LeaseEndReason = 'expired' | 'extend-refused' | 'released';

/**
 * A lease is no longer held. `reason`: `'expired'` (its validity ran out before an extension
 * succeeded), `'extend-refused'` (the server no longer had it: it expired there, or another
 * holder took it), `'released'` (released by its holder). It is the `reason` of `lease.signal`.
 * @example
 * lease.signal.addEventListener('abort', () => log.warn((lease.signal.reason as LeaseLostError).reason));
 */
export class LeaseLostError extends RacelessError {
  constructor(
    readonly lease: Key,
    readonly reason: LeaseEndReason,
  ) {
    super(
      'ERR_LEASE_LOST',
      reason === 'released'
        ? `lease ${JSON.stringify(String(lease))} was released`
        : `lease ${JSON.stringify(String(lease))} was lost (${reason})`,
    );
    this.name = 'LeaseLostError';
  }
}

/**
 * A fencing token lower than one the resource already accepted: the writer's lease is stale.
 * @example
 * await guard.run(lease.fencingToken, write) // rejects with StaleFencingTokenError for a stale holder
 */
export class StaleFencingTokenError extends RacelessError {
  constructor(
    readonly token: number,
    readonly highest: number,
  ) {
    super(
      'ERR_STALE_FENCING_TOKEN',
      `fencing token ${token} is older than ${highest}, already accepted`,
    );
    this.name = 'StaleFencingTokenError';
  }
}

/** An event on `raceless:lease`. */
export interface LeaseEvent {
  /** The lease's name. */
  readonly lease: Key;
  readonly event:
    | 'acquired'
    | 'extended'
    | 'extend-failed'
    | 'lost'
    | 'released'
    | 'acquire-too-slow'
    | 'stale-token-refused';
  readonly fencingToken?: number;
  /** For `lost`: why. */
  readonly reason?: LeaseEndReason;
  /** For `extend-failed`: the store error (the lease stays until its validity ends). */
  readonly error?: unknown;
}

/**
 * The `raceless:lease` diagnostics channel: acquisitions, extensions, losses (with the reason),
 * releases. Publishing is skipped when nobody subscribes.
 * @example
 * leaseChannel.subscribe((e) => { if ((e as LeaseEvent).event === 'lost') log.warn(e) });
 */
export const leaseChannel = diagnostics_channel.channel('raceless:lease');

function publish(make: () => LeaseEvent): void {
  if (leaseChannel.hasSubscribers) leaseChannel.publish(make());
}

/**
 * Options of {@link Leases}.
 * @example
 * const options: LeasesOptions = { client: redis, prefix: 'myapp:' };
 */
export interface LeasesOptions {
  /** An ioredis client or Cluster, or a node-redis client or cluster (v4+). Never closed. */
  readonly client: unknown;
  /** Prefix of every Redis key. No `{` or `}`. Default `'raceless:'`. */
  readonly prefix?: string;
  /** Put every lease in one cluster slot `{hashTag}`. Default none (one slot per lease). */
  readonly hashTag?: string;
  /** Expiry of a name's fencing key after its last acquisition. Default 7 days. */
  readonly fencingTtlMs?: number;
  /** First wait between attempts on a held lease. Default 10 ms. */
  readonly retryDelayMs?: number;
  /** Longest wait between attempts. Default 250 ms. */
  readonly maxRetryDelayMs?: number;
}

/**
 * Options of {@link Leases.acquire}.
 * @example
 * await leases.acquire('nightly-report', { ttlMs: 30_000, timeoutMs: 5_000, autoExtend: true });
 */
export interface AcquireOptions {
  /** The lease's TTL in ms (positive integer, at least 10). Required. */
  readonly ttlMs: number;
  /** Stop waiting when it aborts (AbortedError). Does not end an acquired lease. */
  readonly signal?: AbortSignal;
  /** Stop waiting after this many ms (TimeoutError); `0`: only if free right now. Default: no limit. */
  readonly timeoutMs?: number;
  /** Extend automatically every `ttlMs / 3` until released or lost. Default false. */
  readonly autoExtend?: boolean;
}

/**
 * The Redis keys of one lease.
 * @example const { owner, fencing } = leases.redisKeys('nightly-report');
 */
export interface LeaseKeys {
  /** STRING `<owner token>:<fencing token>`, PX = the lease TTL. */
  readonly owner: string;
  /** STRING the last fencing token issued, PX = `fencingTtlMs`. */
  readonly fencing: string;
}

interface Host {
  readonly runner: ScriptRunner;
}

function drift(ttlMs: number): number {
  return Math.floor(ttlMs / 100) + 2;
}

function checkTagPart(argument: string, value: unknown, allowEmpty: boolean): string {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0)) {
    throw new InvalidArgumentError(argument, allowEmpty ? 'must be a string' : 'must be non-empty');
  }
  if (value.includes('{') || value.includes('}')) {
    throw new InvalidArgumentError(argument, 'must not contain { or }');
  }
  return value;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError('lease wait aborted', signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One held lease. Created by {@link Leases.acquire}. `signal` aborts (with a
 * {@link LeaseLostError}) the moment the lease is known to be over: its validity ran out, an
 * extension was refused, or it was released. Losing a lease never throws anywhere by itself.
 * @example
 * await using lease = await leases.acquire('job', { ttlMs: 10_000, autoExtend: true });
 * await resource.write(data, { fencingToken: lease.fencingToken });
 */
export class Lease {
  /** The lease's name. */
  readonly name: Key;
  /** This holder's unique owner token. */
  readonly token: string;
  /** Greater than the fencing token of every earlier lease of this name. */
  readonly fencingToken: number;
  /** Aborts when the lease ends; its reason is a {@link LeaseLostError}. */
  readonly signal: AbortSignal;
  readonly #host: Host;
  readonly #ownerKey: string;
  readonly #value: string;
  readonly #controller = new AbortController();
  #ttlMs: number;
  #validUntil: number;
  #state: 'held' | 'lost' | 'released' = 'held';
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;
  #extendTimer: ReturnType<typeof setTimeout> | undefined;

  /** @internal Use {@link Leases.acquire}. */
  constructor(
    host: Host,
    name: Key,
    ownerKey: string,
    token: string,
    fencing: string,
    ttlMs: number,
    validUntil: number,
  ) {
    this.#host = host;
    this.name = name;
    this.#ownerKey = ownerKey;
    this.token = token;
    this.fencingToken = Number(fencing);
    this.#value = `${token}:${fencing}`;
    this.#ttlMs = ttlMs;
    this.#validUntil = validUntil;
    this.signal = this.#controller.signal;
    this.#armExpiry();
  }

  /** The TTL of the last successful acquire or extend. */
  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** Until when (on `performance.now()`) the lease is certainly held, if nothing else happens. */
  get validUntil(): number {
    return this.#validUntil;
  }

  /** Whether the lease is held: not released or lost, and its validity has not run out. */
  isValid(): boolean {
    return this.#state === 'held' && performance.now() < this.#validUntil;
  }

  /** Milliseconds of validity left (0 when not valid). */
  remainingMs(): number {
    return this.isValid() ? this.#validUntil - performance.now() : 0;
  }

  /**
   * Extends the lease to `ttlMs` from now, by compare-and-set on the owner token: only if this
   * holder still has it. An expired lease is never re-created. Returns false (and ends the lease:
   * `signal` aborts) when it is no longer held.
   * @throws OutOfRangeError (`ttlMs`); StoreUnavailableError (outcome unknown; the lease keeps
   * its current validity).
   * @example if (!(await lease.extend())) stopWorking();
   */
  async extend(ttlMs: number = this.#ttlMs): Promise<boolean> {
    positiveInt('ttlMs', ttlMs);
    if (ttlMs < MIN_TTL_MS) throw new OutOfRangeError('ttlMs', `must be at least ${MIN_TTL_MS}`);
    if (this.#state !== 'held') return false;
    const start = performance.now();
    if (start >= this.#validUntil) {
      this.#lose('expired');
      return false;
    }
    const reply = await this.#host.runner.run(EXTEND, [this.#ownerKey], [this.#value, ttlMs]);
    if (this.#state !== 'held') return false;
    if (Number(reply) !== 1) {
      this.#lose('extend-refused');
      return false;
    }
    const validUntil = start + ttlMs - drift(ttlMs);
    if (validUntil > this.#validUntil) this.#validUntil = validUntil;
    this.#ttlMs = ttlMs;
    this.#armExpiry();
    publish(() => ({ lease: this.name, event: 'extended', fencingToken: this.fencingToken }));
    return true;
  }

  /**
   * Releases the lease: compare-and-delete on the owner token, so it never deletes another
   * holder's lease. Idempotent; returns whether this call deleted it. `signal` aborts.
   * @throws StoreUnavailableError (the key then expires on its own).
   * @example await lease.release();
   */
  async release(): Promise<boolean> {
    if (this.#state === 'released') return false;
    this.#end('released');
    const reply = await this.#host.runner.run(RELEASE, [this.#ownerKey], [this.#value]);
    const deleted = Number(reply) === 1;
    publish(() => ({ lease: this.name, event: 'released', fencingToken: this.fencingToken }));
    return deleted;
  }

  /** `await using lease = await leases.acquire(...)` releases it. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }

  /** @internal Extends every `ttlMs / 3` until the lease ends. Never throws. */
  startAutoExtend(): void {
    const schedule = (ms: number) => {
      if (this.#state !== 'held') return;
      this.#extendTimer = setTimeout(() => void tick(), Math.max(1, Math.floor(ms)));
      this.#extendTimer.unref?.();
    };
    const tick = async () => {
      try {
        if (await this.extend()) schedule(this.#ttlMs / 3);
      } catch (error) {
        publish(() => ({
          lease: this.name,
          event: 'extend-failed',
          fencingToken: this.fencingToken,
          error,
        }));
        // Try again while valid; the expiry timer ends the lease when validity runs out.
        schedule(Math.min(this.#ttlMs / 3, Math.max(1, this.remainingMs() / 3)));
      }
    };
    schedule(this.#ttlMs / 3);
  }

  #armExpiry(): void {
    if (this.#expiryTimer !== undefined) clearTimeout(this.#expiryTimer);
    const ms = Math.max(0, Math.ceil(this.#validUntil - performance.now()));
    this.#expiryTimer = setTimeout(() => {
      if (performance.now() >= this.#validUntil) this.#lose('expired');
      else this.#armExpiry();
    }, ms);
    this.#expiryTimer.unref?.();
  }

  #end(state: 'lost' | 'released', reason: LeaseEndReason = 'released'): void {
    this.#state = state;
    if (this.#expiryTimer !== undefined) clearTimeout(this.#expiryTimer);
    if (this.#extendTimer !== undefined) clearTimeout(this.#extendTimer);
    if (!this.#controller.signal.aborted) {
      this.#controller.abort(new LeaseLostError(this.name, reason));
    }
  }

  #lose(reason: Exclude<LeaseEndReason, 'released'>): void {
    if (this.#state !== 'held') return;
    this.#end('lost', reason);
    publish(() => ({ lease: this.name, event: 'lost', reason, fencingToken: this.fencingToken }));
  }
}

/**
 * Leases (distributed locks) with fencing tokens on one Redis (or Cluster). See the module
 * comment for exactly what one primary, Cluster and a failover guarantee.
 * @throws InvalidArgumentError / OutOfRangeError naming the option for bad options.
 * @example
 * import { Redis } from 'ioredis';
 * const leases = new Leases({ client: new Redis('redis://127.0.0.1:6379') });
 * const report = await leases.withLease('nightly-report', async (signal, lease) => {
 *   return build({ signal, fencingToken: lease.fencingToken });
 * }, { ttlMs: 30_000 });
 */
export class Leases {
  /** Prefix of every key. */
  readonly prefix: string;
  /** The shared hash tag, or undefined. */
  readonly hashTag: string | undefined;
  /** Expiry of a fencing key after its last acquisition. */
  readonly fencingTtlMs: number;
  readonly #host: Host;
  readonly #retryDelayMs: number;
  readonly #maxRetryDelayMs: number;

  constructor(options: LeasesOptions) {
    const o = optionsObject('options', options);
    knownFields('options', o, [
      'client',
      'prefix',
      'hashTag',
      'fencingTtlMs',
      'retryDelayMs',
      'maxRetryDelayMs',
    ]);
    this.#host = { runner: scriptRunner(o.client) };
    this.prefix = checkTagPart('options.prefix', o.prefix ?? 'raceless:', true);
    this.hashTag =
      o.hashTag === undefined ? undefined : checkTagPart('options.hashTag', o.hashTag, false);
    this.fencingTtlMs = optionalPositiveInt('options.fencingTtlMs', o.fencingTtlMs) ?? 7 * DAY_MS;
    this.#retryDelayMs = optionalPositiveInt('options.retryDelayMs', o.retryDelayMs) ?? 10;
    this.#maxRetryDelayMs =
      optionalPositiveInt('options.maxRetryDelayMs', o.maxRetryDelayMs) ?? 250;
    if (this.#maxRetryDelayMs < this.#retryDelayMs) {
      throw new OutOfRangeError('options.maxRetryDelayMs', 'must be at least retryDelayMs');
    }
  }

  /**
   * The Redis keys of a lease (one hash tag: one cluster slot).
   * @example leases.redisKeys('job').owner // 'raceless:{lease:sjob}:o'
   */
  redisKeys(name: Key): LeaseKeys {
    const n = encodeKey(name, 'name');
    const base =
      this.hashTag === undefined
        ? `${this.prefix}{lease:${n}}`
        : `${this.prefix}{${this.hashTag}}lease:${n}`;
    return { owner: `${base}:o`, fencing: `${base}:f` };
  }

  /**
   * Acquires the lease `name`, waiting (polling with backoff) while someone else holds it.
   * @throws InvalidArgumentError / OutOfRangeError for bad arguments; TimeoutError after
   * `timeoutMs`; AbortedError when `signal` aborts (nothing held); StoreUnavailableError when
   * Redis cannot be reached (not retried: the attempt's outcome is unknown, and a lease it may
   * have taken expires after `ttlMs`).
   * @example
   * const lease = await leases.acquire(['shard', 7], { ttlMs: 10_000, timeoutMs: 2_000 });
   */
  async acquire(name: Key, options: AcquireOptions): Promise<Lease> {
    const keys = this.redisKeys(name);
    const o = optionsObject('options', options);
    knownFields('options', o, ['ttlMs', 'signal', 'timeoutMs', 'autoExtend']);
    const ttlMs = positiveInt('options.ttlMs', o.ttlMs);
    if (ttlMs < MIN_TTL_MS) {
      throw new OutOfRangeError('options.ttlMs', `must be at least ${MIN_TTL_MS}, got ${ttlMs}`);
    }
    const signal = checkSignal('options.signal', o.signal);
    const timeoutMs = checkTimeoutMs('options.timeoutMs', o.timeoutMs);
    if (o.autoExtend !== undefined && typeof o.autoExtend !== 'boolean') {
      throw new InvalidArgumentError('options.autoExtend', 'must be a boolean');
    }
    if (signal?.aborted) throw new AbortedError('lease wait aborted', signal.reason);
    const deadline =
      timeoutMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const got = await this.#attempt(name, keys, ttlMs);
      if (got instanceof Lease) {
        if (signal?.aborted) {
          await got.release().catch(() => {});
          throw new AbortedError('lease wait aborted', signal.reason);
        }
        if (o.autoExtend === true) got.startAutoExtend();
        return got;
      }
      const now = performance.now();
      if (now >= deadline) {
        throw new TimeoutError(`lease ${JSON.stringify(String(name))} is held`);
      }
      const backoff = Math.min(
        this.#maxRetryDelayMs,
        this.#retryDelayMs * 2 ** Math.min(attempt, 30),
      );
      let delay = backoff * (0.5 + Math.random() / 2);
      if (got >= 0) delay = Math.min(delay, got + 1); // never sleep past the holder's expiry
      await sleep(Math.max(1, Math.min(delay, deadline - now)), signal);
    }
  }

  /**
   * One attempt: the lease if free right now, else undefined.
   * @throws as {@link Leases.acquire}, except TimeoutError.
   * @example const lease = await leases.tryAcquire('job', { ttlMs: 5_000 });
   */
  async tryAcquire(
    name: Key,
    options: Pick<AcquireOptions, 'ttlMs' | 'autoExtend'>,
  ): Promise<Lease | undefined> {
    try {
      return await this.acquire(name, {
        ...optionsObject('options', options),
        timeoutMs: 0,
      } as AcquireOptions);
    } catch (error) {
      if (error instanceof TimeoutError) return undefined;
      throw error;
    }
  }

  /**
   * Runs `fn` while holding the lease `name`, extended automatically every `ttlMs / 3`. `fn`
   * receives a signal that aborts if the lease is lost (an extension refused, or validity run
   * out while Redis was unreachable); it should stop then (and its writes should carry
   * `lease.fencingToken`). The lease is released when `fn` settles; `fn`'s result or error is
   * returned as is. A failed release is not an error (the key expires on its own).
   * @throws as {@link Leases.acquire}, and whatever `fn` throws.
   * @example
   * await leases.withLease('migrate', async (signal, lease) => migrate({ signal, token: lease.fencingToken }), { ttlMs: 15_000 });
   */
  async withLease<T>(
    name: Key,
    fn: (signal: AbortSignal, lease: Lease) => T | PromiseLike<T>,
    options: Omit<AcquireOptions, 'autoExtend'>,
  ): Promise<Awaited<T>> {
    if (typeof fn !== 'function') throw new InvalidArgumentError('fn', 'must be a function');
    const lease = await this.acquire(name, {
      ...optionsObject('options', options),
      autoExtend: true,
    } as AcquireOptions);
    try {
      return await fn(lease.signal, lease);
    } finally {
      await lease.release().catch((error: unknown) => {
        if (!(error instanceof StoreUnavailableError)) throw error;
      });
    }
  }

  async #attempt(name: Key, keys: LeaseKeys, ttlMs: number): Promise<Lease | number> {
    const token = randomUUID();
    const start = performance.now();
    const reply = (await this.#host.runner.run(
      ACQUIRE,
      [keys.owner, keys.fencing],
      [token, ttlMs, this.fencingTtlMs],
    )) as unknown[];
    if (Number(reply[0]) !== 1) return Number(reply[1]);
    const fencing = String(reply[1]);
    const validUntil = start + ttlMs - drift(ttlMs);
    if (performance.now() >= validUntil) {
      // Acquired too late to be of any use: give it back, and treat the attempt as failed.
      publish(() => ({ lease: name, event: 'acquire-too-slow', fencingToken: Number(fencing) }));
      await this.#host.runner.run(RELEASE, [keys.owner], [`${token}:${fencing}`]).catch(() => {});
      return 0;
    }
    const lease = new Lease(this.#host, name, keys.owner, token, fencing, ttlMs, validUntil);
    publish(() => ({ lease: name, event: 'acquired', fencingToken: lease.fencingToken }));
    return lease;
  }
}

/**
 * What a protected resource uses to refuse stale lease holders: it remembers the highest
 * fencing token it accepted and refuses lower ones (equal tokens pass: one holder writing
 * several times). `run` serialises the check with the write, so a stale writer cannot slip in
 * between another writer's check and its write. One guard per protected resource; it lives where
 * the resource lives (a resource in Redis should do the same comparison inside its own script).
 * @example
 * const guard = new FencingGuard();
 * await guard.run(lease.fencingToken, () => file.write(data)); // StaleFencingTokenError if stale
 */
export class FencingGuard {
  #highest = 0;
  #refused = 0;
  readonly #mutex = new Mutex();

  /** The highest token accepted so far (0: none). */
  get highest(): number {
    return this.#highest;
  }

  /** How many tokens were refused. */
  get refused(): number {
    return this.#refused;
  }

  /**
   * Accepts `token` if it is at least the highest accepted so far (and records it); refuses it
   * (false) otherwise. Synchronous: pair it with a synchronous write, or use `run`.
   * @throws OutOfRangeError (`token`) unless a positive safe integer.
   * @example if (!guard.accept(token)) return res.status(409).end();
   */
  accept(token: number): boolean {
    positiveInt('token', token);
    if (token < this.#highest) {
      this.#refused++;
      publish(() => ({ lease: '', event: 'stale-token-refused', fencingToken: token }));
      return false;
    }
    this.#highest = token;
    return true;
  }

  /**
   * Runs `write` if `token` is accepted, one writer at a time.
   * @throws StaleFencingTokenError (nothing ran) for a stale token; whatever `write` throws.
   * @example await guard.run(lease.fencingToken, () => db.save(row));
   */
  run<T>(token: number, write: () => T | PromiseLike<T>): Promise<Awaited<T>> {
    positiveInt('token', token);
    return this.#mutex.runExclusive(async () => {
      const highest = this.#highest;
      if (!this.accept(token)) throw new StaleFencingTokenError(token, highest);
      return await write();
    });
  }
}
