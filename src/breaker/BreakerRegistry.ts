/** BreakerRegistry: one CircuitBreaker instance per name, bounded. */
import type { Clock } from '../clock.js';
import { CapacityExceededError, InvalidArgumentError } from '../errors.js';
import type { Store } from '../store/contract.js';
import { MemoryStore } from '../store/memory.js';
import { knownFields, optionalPositiveInt, optionsObject } from '../validate.js';
import { breakerRule, CircuitBreaker, type CircuitBreakerOptions } from './CircuitBreaker.js';

/** Options of {@link BreakerRegistry}. */
export interface BreakerRegistryOptions {
  /** Store of every breaker of the registry. Default: one private MemoryStore. */
  readonly store?: Store;
  /** Clock of every breaker. Default: systemClock. */
  readonly clock?: Clock;
  /** Options of breakers created without their own. */
  readonly defaults?: Omit<CircuitBreakerOptions, 'store' | 'clock'>;
  /** Most breakers; creating one more throws CapacityExceededError. Default 1_000. */
  readonly maxBreakers?: number;
}

/**
 * A registry of circuit breakers by name. Get-or-create is one synchronous step, so any number of
 * concurrent callers asking for one name get the same instance: exactly one is created, none is
 * orphaned (the seed's register-then-start race, S05). A breaker owns no timers or connections
 * while idle, so a refused creation leaves nothing behind.
 *
 * @throws CapacityExceededError when `maxBreakers` would be passed; InvalidArgumentError /
 * OutOfRangeError for bad names and options.
 * @example
 * const breakers = new BreakerRegistry({ defaults: { consecutiveFailures: 3 } });
 * await breakers.get('payments').execute(() => charge(order));
 */
export class BreakerRegistry {
  readonly #breakers = new Map<string, CircuitBreaker>();
  readonly #store: Store;
  readonly #clock: Clock | undefined;
  readonly #defaults: Omit<CircuitBreakerOptions, 'store' | 'clock'>;
  /** The most breakers this registry holds. */
  readonly maxBreakers: number;

  constructor(options?: BreakerRegistryOptions) {
    const o = optionsObject('options', options);
    knownFields('options', o, ['store', 'clock', 'defaults', 'maxBreakers']);
    this.maxBreakers = optionalPositiveInt('options.maxBreakers', o.maxBreakers) ?? 1_000;
    this.#defaults = optionsObject('options.defaults', o.defaults) as Omit<
      CircuitBreakerOptions,
      'store' | 'clock'
    >;
    breakerRule(this.#defaults); // validate once, at the door
    this.#store = (o.store as Store | undefined) ?? new MemoryStore();
    this.#clock = o.clock as Clock | undefined;
  }

  /**
   * The breaker named `name`, created on first use (with `options`, else the defaults). Later
   * calls return the same instance and ignore `options`.
   * @throws CapacityExceededError when creating would pass `maxBreakers` (nothing is created).
   * @example
   * breakers.get('db') === breakers.get('db') // true
   */
  get(name: string, options?: Omit<CircuitBreakerOptions, 'store' | 'clock'>): CircuitBreaker {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError('name', 'must be a non-empty string');
    }
    const existing = this.#breakers.get(name);
    if (existing !== undefined) return existing;
    if (this.#breakers.size >= this.maxBreakers) {
      throw new CapacityExceededError('breaker registry', this.maxBreakers);
    }
    const breaker = new CircuitBreaker(name, {
      ...(options ?? this.#defaults),
      store: this.#store,
      ...(this.#clock === undefined ? {} : { clock: this.#clock }),
    });
    this.#breakers.set(name, breaker);
    return breaker;
  }

  /**
   * Whether a breaker named `name` exists in this registry.
   * @example breakers.has('db')
   */
  has(name: string): boolean {
    return this.#breakers.has(name);
  }

  /**
   * Removes `name` — only if it is still `expected` when given (identity-guarded, so a stale
   * holder cannot remove a newer breaker). Its stored state stays on the store.
   * @example breakers.delete('db', oldBreaker)
   */
  delete(name: string, expected?: CircuitBreaker): boolean {
    const current = this.#breakers.get(name);
    if (current === undefined || (expected !== undefined && current !== expected)) return false;
    return this.#breakers.delete(name);
  }

  /** Number of breakers. */
  get size(): number {
    return this.#breakers.size;
  }

  /**
   * The names of the breakers, in creation order (a snapshot).
   * @example breakers.names() // ['db', 'payments']
   */
  names(): string[] {
    return [...this.#breakers.keys()];
  }
}
