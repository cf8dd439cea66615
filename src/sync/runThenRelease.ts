/** Internal: runs `fn` and releases when it settles, whatever it does. */
import type { Releaser } from './Semaphore.js';

/** Runs `fn`, then `release()` once `fn` has settled (returned, resolved, rejected or thrown). */
export async function runThenRelease<T>(
  fn: () => T | PromiseLike<T>,
  release: Releaser,
): Promise<Awaited<T>> {
  try {
    return (await fn()) as Awaited<T>;
  } finally {
    release();
  }
}
