/**
 * Run-at-most-once wrapper.
 */
import { checkFunction } from './options.js';

/**
 * Wraps `fn` so it runs at most once. Every call returns what the first call returned (the same
 * promise, for an async `fn`) or rethrows what it threw. A call made while `fn` is still running
 * synchronously (re-entrant) throws instead of running it twice.
 * @throws InvalidArgumentError if `fn` is not a function; on later calls, the first call's error.
 * @example
 * const init = once(() => connect());
 * await Promise.all([init(), init()]); // connect() ran once
 */
export function once<R>(fn: () => R): () => R {
  checkFunction('fn', fn);
  let state: 'new' | 'running' | 'returned' | 'threw' = 'new';
  let result: R;
  let error: unknown;
  return () => {
    if (state === 'returned') return result;
    if (state === 'threw') throw error;
    if (state === 'running') throw new Error('once: re-entrant call while fn is running');
    state = 'running';
    try {
      result = fn();
      state = 'returned';
      return result;
    } catch (e) {
      error = e;
      state = 'threw';
      throw e;
    }
  };
}
