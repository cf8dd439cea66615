import { CircuitBreaker, type CircuitBreakerOptions } from '../../src/breaker/CircuitBreaker.js';
import { ManualClock } from '../../src/clock.js';
import { MemoryStore } from '../../src/store/memory.js';

export function setup(options: Omit<CircuitBreakerOptions, 'store' | 'clock'> = {}) {
  const clock = new ManualClock(1_000_000);
  const store = new MemoryStore({ clock });
  const make = (o: Omit<CircuitBreakerOptions, 'store' | 'clock'> = options) =>
    new CircuitBreaker('db', { store, clock, ...o });
  return { clock, store, breaker: make(), make };
}

/**
 * A MemoryStore without the synchronous fast path (only a plain MemoryStore has one): every
 * breaker step goes through the full `Store.breaker`, as on any other store.
 */
export class FullStepStore extends MemoryStore {}

export const boom = async (): Promise<never> => {
  throw new Error('boom');
};

/** A call that stays pending until `settle` is called. */
export function gate<T = string>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject, fn: () => promise };
}

/** Lets every pending promise chain run (several macrotask turns). */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

/** Opens a breaker with `consecutiveFailures` failures. */
export async function trip(b: CircuitBreaker, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await b.execute(boom).catch(() => {});
}
