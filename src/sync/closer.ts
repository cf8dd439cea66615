/**
 * Idempotent close for resources that must be released exactly once.
 */
import { checkFunction } from './options.js';

/** An idempotent close function. */
export interface Closer {
  /** Runs the close once; every call returns the same promise. */
  (): Promise<void>;
  /** True once the close has started. */
  readonly called: boolean;
}

/**
 * Wraps a release function so it runs exactly once. Concurrent and later callers get the same
 * promise: it resolves when the release finished, or rejects with its error (a synchronous throw
 * becomes a rejection), and the release is never retried.
 * @throws InvalidArgumentError if `fn` is not a function.
 * @example
 * const close = closer(() => new Promise<void>((res, rej) => server.close((e) => (e ? rej(e) : res()))));
 * await Promise.all([close(), close()]); // server.close ran once
 */
export function closer(fn: () => void | PromiseLike<void>): Closer {
  checkFunction('fn', fn);
  let promise: Promise<void> | undefined;
  const close = (): Promise<void> => {
    if (promise !== undefined) return promise;
    // The promise exists before fn runs, so a re-entrant call from inside fn shares it too.
    let settle!: (outcome: PromiseLike<void>) => void;
    promise = new Promise<void>((resolve) => {
      settle = resolve;
    });
    try {
      settle(Promise.resolve(fn()));
    } catch (error) {
      settle(Promise.reject(error));
    }
    return promise;
  };
  Object.defineProperty(close, 'called', { get: () => promise !== undefined, enumerable: true });
  return close as Closer;
}
