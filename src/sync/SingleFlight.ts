/**
 * Deduplication of concurrent calls per key (Go's `singleflight`), per instance.
 */
import { type Clock, systemClock } from '../clock.js';
import {
  checkClock,
  checkFunction,
  checkOptions,
  checkWait,
  rejectOnThrow,
  type WaitOptions,
} from './options.js';
import { abortedAlready, Pending } from './pending.js';
import { encodeSyncKey, type SyncKey } from './syncKey.js';
import { WaitList } from './waitList.js';

/** What each caller of {@link SingleFlight.run} gets. */
export interface FlightResult<V> {
  /** The value the shared call resolved with. */
  readonly value: V;
  /** True when more than one caller joined this flight (the value was shared). */
  readonly shared: boolean;
}

/** Options of {@link SingleFlight}. */
export interface SingleFlightOptions {
  /** Clock for per-caller `timeoutMs` (default `systemClock`). */
  readonly clock?: Clock | undefined;
}

interface Flight<V> {
  callers: number;
  readonly waiters: WaitList<Pending<FlightResult<V>>>;
}

/**
 * Runs one call per key at a time; concurrent callers of the same key share its outcome.
 *
 * Guarantees:
 * - Scoped to this instance: two groups never share results (no module-global map).
 * - Keys are encoded canonically: `['a','bc']` and `['ab','c']` are different flights.
 * - `fn` runs once per flight. A synchronous throw in `fn` rejects every joined caller, like an
 *   async rejection, and the key is free again.
 * - The entry is removed before callers are woken, and only if it is still the current one
 *   (identity-guarded), so an old flight finishing never removes a newer flight of its key.
 * - A caller's `signal`/`timeoutMs` ends only that caller's wait (AbortedError / TimeoutError);
 *   the shared work continues for the others.
 *
 * @throws InvalidArgumentError for bad `options`.
 * @example
 * const tokens = new SingleFlight<string, Token>();
 * const { value, shared } = await tokens.run(userId, () => refresh(userId));
 */
export class SingleFlight<K extends SyncKey, V> {
  readonly #clock: Clock;
  readonly #flights = new Map<string, Flight<V>>();

  constructor(options?: SingleFlightOptions) {
    const o = checkOptions('options', options);
    checkClock('options.clock', o.clock);
    this.#clock = (o.clock as Clock | undefined) ?? systemClock;
  }

  /** Number of flights in progress (keys with a current flight). */
  get size(): number {
    return this.#flights.size;
  }

  /** True while `key` has a current flight. */
  has(key: K): boolean {
    return this.#flights.has(encodeSyncKey(key));
  }

  /**
   * Joins the current flight of `key`, or starts one running `fn`.
   * @throws (rejects) InvalidArgumentError / OutOfRangeError for a bad key or options; the
   * flight's error; AbortedError / TimeoutError when this caller stops waiting (the flight goes
   * on).
   * @example
   * const { value } = await flights.run(['user', id], () => loadUser(id), { signal });
   */
  run(key: K, fn: () => V | PromiseLike<V>, options?: WaitOptions): Promise<FlightResult<V>> {
    return rejectOnThrow(() => {
      const k = encodeSyncKey(key);
      checkFunction('fn', fn);
      const wait = checkWait(options);
      if (wait.signal?.aborted) return abortedAlready('single flight', wait.signal);
      let flight = this.#flights.get(k);
      const leader = flight === undefined;
      if (flight === undefined) {
        flight = { callers: 0, waiters: new WaitList() };
        this.#flights.set(k, flight);
      }
      flight.callers++;
      const pending = new Pending<FlightResult<V>>();
      const node = flight.waiters.push(pending);
      const waiters = flight.waiters;
      pending.arm(wait, this.#clock, 'single flight', () => waiters.remove(node));
      if (leader) this.#start(k, flight, fn);
      return pending.promise;
    });
  }

  /**
   * Detaches the current flight of `key`: its callers still get its outcome, but the next `run`
   * starts a new flight. Returns false if there was none.
   * @example
   * flights.forget(userId); // the cached login is stale: the next caller starts afresh
   */
  forget(key: K): boolean {
    return this.#flights.delete(encodeSyncKey(key));
  }

  #start(k: string, flight: Flight<V>, fn: () => V | PromiseLike<V>): void {
    let result: Promise<V>;
    try {
      result = Promise.resolve(fn());
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => {
        const shared = this.#finish(k, flight);
        for (const p of flight.waiters.drain()) p.grant({ value, shared });
      },
      (error: unknown) => {
        this.#finish(k, flight);
        for (const p of flight.waiters.drain()) p.fail(error);
      },
    );
  }

  #finish(k: string, flight: Flight<V>): boolean {
    if (this.#flights.get(k) === flight) this.#flights.delete(k);
    return flight.callers > 1;
  }
}
