/**
 * Registry: named resources, registered race-free (insert-if-absent with an owner token).
 *
 * The ROW (owner token, state, metadata) lives in a {@link Table}, so the same row logic works on
 * any store, shared stores included. The RESOURCE itself (a server, a breaker, a worker) cannot
 * travel through a store: it lives in this process, in a Map keyed by the row's unique token.
 * On a shared store, `lookup` returns the resource only in the process that registered it;
 * `info` tells every process who owns a name.
 */
import { randomUUID } from 'node:crypto';
import type { Data } from '../data.js';
import {
  AlreadyRegisteredError,
  ContentionError,
  InvalidArgumentError,
  TimeoutError,
} from '../errors.js';
import { encodeKey, type Key } from '../keys.js';
import type { Store } from '../store/contract.js';
import { Table } from '../table/Table.js';
import { knownFields, optionalPositiveInt, optionsObject, positiveInt } from '../validate.js';
import { publishRegistryEvent } from './events.js';

/** Undoes one setup step. */
export type Undo = () => void | PromiseLike<void>;

/** What a setup step receives. Key any state it creates by `token`, never by name alone. */
export interface SetupContext<R> {
  readonly name: Key;
  /** Unique to this registration attempt. */
  readonly token: string;
  readonly resource: R;
}

/**
 * One setup step (config, monitoring, ...). It may return an {@link Undo}, run in reverse order
 * if a later step fails.
 */
export type SetupStep<R> = (
  context: SetupContext<R>,
) => undefined | Undo | PromiseLike<undefined | Undo> | void | PromiseLike<void>;

/** Options of {@link Registry}. */
export interface RegistryOptions<R> {
  /** Where the rows live. Default: a private MemoryStore. */
  readonly store?: Store;
  /** Most registered names; more throws CapacityExceededError. Default 10,000. */
  readonly maxEntries?: number;
  /**
   * Releases a resource that lost, was rolled back, unregistered, or whose lease ended. Default:
   * the resource's `Symbol.asyncDispose`, else `Symbol.dispose`, else nothing.
   */
  readonly dispose?: (resource: R) => void | PromiseLike<void>;
  /** Default lease (ms) of every registration; omitted: registrations never expire. */
  readonly leaseMs?: number;
}

/** Options of {@link Registry.register}. */
export interface RegisterOptions<R> {
  /** Steps run after the name is reserved and before it becomes visible; all or nothing. */
  readonly setup?: readonly SetupStep<R>[];
  /** Lease in ms: the row expires unless renewed (an owner that is gone frees the name). */
  readonly leaseMs?: number;
  /** Plain data stored in the row, visible to every process through `info`. */
  readonly meta?: Data;
}

/** A successful registration. Keep `token`: `unregister` and `renew` need it. */
export interface Registration<R> {
  readonly name: Key;
  readonly token: string;
  readonly resource: R;
}

/** The row of a name, as every process sees it. */
export interface RegistrationInfo {
  readonly token: string;
  /** `'pending'` while its setup runs; `lookup` sees only `'active'`. */
  readonly state: 'pending' | 'active';
  readonly meta: Data;
  /** True when the resource lives in this process (this Registry instance). */
  readonly local: boolean;
}

/** Counters of a {@link Registry}. */
export interface RegistryStats {
  /** Rows in the table (pending and active), exact. */
  readonly size: number;
  readonly maxEntries: number;
  /** Resources held by this instance. */
  readonly local: number;
  readonly registered: number;
  readonly rejected: number;
  readonly rolledBack: number;
  readonly disposals: number;
  readonly disposeFailures: number;
}

interface Row extends Record<string, Data> {
  token: string;
  state: 'pending' | 'active';
  meta: Data;
}

interface Held<R> {
  readonly name: Key;
  readonly k: string;
  readonly resource: R;
  row: Row;
}

const MAX_ATTEMPTS = 1_000;

/**
 * A bounded registry of named resources.
 *
 * Guarantees:
 * - `register` creates the resource first, then commits with ONE insert-if-absent: of concurrent
 *   registrations of a name exactly one wins; every loser gets AlreadyRegisteredError and its
 *   resource is disposed (no orphans).
 * - With `setup` steps, the name is reserved as `'pending'` (invisible to `lookup`), the steps
 *   run, and the row turns `'active'` by compare-and-set. A failure undoes the steps in reverse,
 *   then removes exactly its own row (compare-and-delete on the row with its unique token) and
 *   disposes the resource. A loser never runs setup, and a rollback can never touch the winner.
 * - A lease (`leaseMs`) is the row's TTL; `renew` extends it by compare-and-set on the owner's row
 *   (it never re-creates an expired one). An expired row frees the name: the next `register`
 *   replaces it atomically, and this process's old resource for that name is disposed.
 * - `unregister(name, token)` is compare-and-delete: it never removes a newer registration.
 * - Bounded by `maxEntries` (CapacityExceededError; the created resource is disposed).
 *
 * @throws InvalidArgumentError / OutOfRangeError for bad options.
 * @example
 * const breakers = new Registry<Breaker>('breakers', { dispose: (b) => b.close() });
 * const { resource, token } = await breakers.register('payments', () => new Breaker());
 * await breakers.lookup('payments'); // the breaker
 * await breakers.unregister('payments', token);
 */
export class Registry<R> {
  /** The registry's name (its table's name). */
  readonly name: string;
  readonly #table: Table<Row>;
  readonly #dispose: ((resource: R) => void | PromiseLike<void>) | undefined;
  readonly #leaseMs: number | undefined;
  readonly #held = new Map<string, Held<R>>();
  readonly #byName = new Map<string, string>();
  #registered = 0;
  #rejected = 0;
  #rolledBack = 0;
  #disposals = 0;
  #disposeFailures = 0;

  constructor(name: string, options?: RegistryOptions<R>) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError('name', 'must be a non-empty string');
    }
    const opts = optionsObject('options', options);
    knownFields('options', opts, ['store', 'maxEntries', 'dispose', 'leaseMs']);
    if (opts.dispose !== undefined && typeof opts.dispose !== 'function') {
      throw new InvalidArgumentError('options.dispose', 'must be a function');
    }
    this.name = name;
    this.#dispose = opts.dispose as RegistryOptions<R>['dispose'];
    this.#leaseMs = optionalPositiveInt('options.leaseMs', opts.leaseMs);
    const maxEntries =
      opts.maxEntries === undefined ? 10_000 : positiveInt('options.maxEntries', opts.maxEntries);
    this.#table = new Table<Row>(name, { store: opts.store as Store | undefined, maxEntries });
  }

  /**
   * Creates a resource with `create` and registers it under `name`, all or nothing.
   * @throws (rejects) AlreadyRegisteredError when the name is taken (the resource was disposed);
   * CapacityExceededError when the registry is full (disposed); a setup step's error (steps
   * undone, row removed, disposed); TimeoutError when the lease ran out during setup; whatever
   * `create` throws (nothing registered).
   * @example
   * const { token } = await reg.register('worker-1', () => startWorker(), {
   *   leaseMs: 30_000,
   *   setup: [({ token }) => { configs.set(token, cfg); return () => configs.delete(token); }],
   * });
   */
  async register(
    name: Key,
    create: () => R | PromiseLike<R>,
    options?: RegisterOptions<R>,
  ): Promise<Registration<R>> {
    const k = encodeKey(name, 'name');
    if (typeof create !== 'function')
      throw new InvalidArgumentError('create', 'must be a function');
    const opts = optionsObject('options', options);
    knownFields('options', opts, ['setup', 'leaseMs', 'meta']);
    const setup = (opts.setup ?? []) as readonly SetupStep<R>[];
    if (!Array.isArray(setup) || setup.some((s) => typeof s !== 'function')) {
      throw new InvalidArgumentError('options.setup', 'must be an array of functions');
    }
    const leaseMs = optionalPositiveInt('options.leaseMs', opts.leaseMs) ?? this.#leaseMs;
    const token = randomUUID();
    const row: Row = {
      token,
      state: setup.length > 0 ? 'pending' : 'active',
      meta: (opts.meta ?? null) as Data,
    };
    const resource = await create();
    let won: boolean;
    try {
      // The one decision: insert-if-absent. An expired row (dead owner) counts as absent.
      won = await this.#table.insertNew(name, row, { ttlMs: leaseMs });
    } catch (error) {
      this.#rejected++;
      await this.#disposeResource(name, token, resource);
      throw error;
    }
    if (!won) {
      this.#rejected++;
      publishRegistryEvent(() => ({ registry: this.name, event: 'rejected', name, token }));
      await this.#disposeResource(name, token, resource);
      throw new AlreadyRegisteredError(name);
    }
    const held: Held<R> = { name, k, resource, row };
    this.#held.set(token, held);
    const previous = this.#byName.get(k);
    this.#byName.set(k, token);
    // Our insert proved the old row of this name is gone: its local resource is an orphan.
    if (previous !== undefined) await this.#release(previous);
    if (this.#held.size > this.#table.maxEntries!) await this.sweep();
    if (setup.length > 0) await this.#runSetup(held, setup);
    this.#registered++;
    publishRegistryEvent(() => ({ registry: this.name, event: 'registered', name, token }));
    return { name, token, resource };
  }

  async #runSetup(held: Held<R>, setup: readonly SetupStep<R>[]): Promise<void> {
    const { name, row } = held;
    const undos: Undo[] = [];
    const context: SetupContext<R> = { name, token: row.token, resource: held.resource };
    let failure: unknown;
    try {
      for (const step of setup) {
        const undo = await step(context);
        if (typeof undo === 'function') undos.push(undo);
      }
      const active: Row = { ...row, state: 'active' };
      // Activate only our own pending row (keeps its lease expiry).
      if (await this.#table.compareAndSet(name, row, active)) {
        held.row = active;
        return;
      }
      failure = new TimeoutError(
        'the registration lease ended (or it was unregistered) during setup',
      );
    } catch (error) {
      failure = error;
    }
    for (const undo of undos.reverse()) {
      try {
        await undo();
      } catch (error) {
        publishRegistryEvent(() => ({
          registry: this.name,
          event: 'undo-failed',
          name,
          token: row.token,
          error,
        }));
      }
    }
    // Exactly our own row: a row with another token (the winner's) never matches.
    await this.#table.compareAndDelete(name, row);
    this.#rolledBack++;
    publishRegistryEvent(() => ({
      registry: this.name,
      event: 'rolled-back',
      name,
      token: row.token,
      error: failure,
    }));
    await this.#release(row.token);
    throw failure;
  }

  /**
   * The resource registered under `name` in this process, if its row is active; undefined when
   * absent, pending, expired, or owned by another process.
   * @example const server = await servers.lookup('api');
   */
  async lookup(name: Key): Promise<R | undefined> {
    const row = await this.#table.get(name);
    if (row === undefined || row.state !== 'active') return undefined;
    return this.#held.get(row.token)?.resource;
  }

  /**
   * Who owns `name`, as every process sees it (one atomic read), or undefined.
   * @example (await reg.info('api'))?.token
   */
  async info(name: Key): Promise<RegistrationInfo | undefined> {
    const row = await this.#table.get(name);
    if (row === undefined) return undefined;
    return { token: row.token, state: row.state, meta: row.meta, local: this.#held.has(row.token) };
  }

  /**
   * Extends the lease of the registration `token` (compare-and-set on its own row, expiry
   * restarted). Returns false when that registration is gone: an expired lease is never revived.
   * @throws ContentionError after 1,000 conflicting attempts.
   * @example setInterval(() => reg.renew('api', token, 30_000), 10_000)
   */
  async renew(name: Key, token: string, leaseMs?: number): Promise<boolean> {
    const ttlMs = optionalPositiveInt('leaseMs', leaseMs) ?? this.#leaseMs;
    if (ttlMs === undefined) throw new InvalidArgumentError('leaseMs', 'no lease to renew');
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const row = await this.#table.get(name);
      if (row === undefined || row.token !== token) return false;
      if (await this.#table.compareAndSet(name, row, row, { ttlMs })) return true;
    }
    throw new ContentionError(MAX_ATTEMPTS);
  }

  /**
   * Removes the registration `token` of `name` (compare-and-delete on its own row) and disposes
   * its resource if it lives here. Never removes a newer registration of the same name. Returns
   * whether it removed the row.
   * @throws ContentionError after 1,000 conflicting attempts.
   * @example await reg.unregister('api', token) // false if someone else owns 'api' now
   */
  async unregister(name: Key, token: string): Promise<boolean> {
    encodeKey(name, 'name');
    if (typeof token !== 'string') throw new InvalidArgumentError('token', 'must be a string');
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const row = await this.#table.get(name);
      if (row === undefined || row.token !== token) {
        // Our own expired row: its resource is orphaned here; release it.
        if (this.#held.get(token)?.k === encodeKey(name)) await this.#release(token);
        return false;
      }
      if (await this.#table.compareAndDelete(name, row)) {
        publishRegistryEvent(() => ({ registry: this.name, event: 'unregistered', name, token }));
        await this.#release(token);
        return true;
      }
    }
    throw new ContentionError(MAX_ATTEMPTS);
  }

  /**
   * Disposes every resource held here whose row is gone (lease expired, or removed by another
   * process). A gone row never comes back (tokens are unique, renew never re-creates), so this is
   * safe at any time. Returns how many it disposed.
   * @example await reg.sweep()
   */
  async sweep(): Promise<number> {
    let n = 0;
    for (const [token, held] of [...this.#held]) {
      const row = await this.#table.get(held.name);
      if (row?.token !== token && this.#held.has(token)) {
        await this.#release(token);
        n++;
      }
    }
    return n;
  }

  /**
   * Number of registered names (rows, pending or active), exact.
   * @example await reg.size()
   */
  async size(): Promise<number> {
    return this.#table.size();
  }

  /**
   * Counters and sizes, for a metrics exporter.
   * @example const { size, disposals } = await reg.stats();
   */
  async stats(): Promise<RegistryStats> {
    return {
      size: await this.#table.size(),
      maxEntries: this.#table.maxEntries!,
      local: this.#held.size,
      registered: this.#registered,
      rejected: this.#rejected,
      rolledBack: this.#rolledBack,
      disposals: this.#disposals,
      disposeFailures: this.#disposeFailures,
    };
  }

  /**
   * Unregisters and disposes every resource held by this instance (each by compare-and-delete).
   * @example await using reg = new Registry('r'); // closed at scope exit
   */
  async close(): Promise<void> {
    for (const [token, held] of [...this.#held]) await this.unregister(held.name, token);
  }

  /** Same as {@link Registry.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Forgets `token` locally and disposes its resource, exactly once. */
  async #release(token: string): Promise<void> {
    const held = this.#held.get(token);
    if (held === undefined) return;
    this.#held.delete(token);
    if (this.#byName.get(held.k) === token) this.#byName.delete(held.k);
    await this.#disposeResource(held.name, token, held.resource);
  }

  async #disposeResource(name: Key, token: string, resource: R): Promise<void> {
    this.#disposals++;
    try {
      if (this.#dispose !== undefined) {
        await this.#dispose(resource);
        return;
      }
      const r = resource as {
        [Symbol.asyncDispose]?: () => PromiseLike<void>;
        [Symbol.dispose]?: () => void;
      } | null;
      if (typeof r?.[Symbol.asyncDispose] === 'function') await r[Symbol.asyncDispose]!();
      else if (typeof r?.[Symbol.dispose] === 'function') r[Symbol.dispose]!();
    } catch (error) {
      this.#disposeFailures++;
      publishRegistryEvent(() => ({
        registry: this.name,
        event: 'dispose-failed',
        name,
        token,
        error,
      }));
    }
  }
}
