/** Test helpers for test/sync: deterministic settling without real sleeps. */

/** Lets every queued microtask (and promise chain) run: one macrotask turn, no timers. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The settlement of `promise` after all pending microtasks have run. */
export async function stateOf(
  promise: Promise<unknown>,
): Promise<'pending' | 'fulfilled' | 'rejected'> {
  let state: 'pending' | 'fulfilled' | 'rejected' = 'pending';
  promise.then(
    () => {
      state = 'fulfilled';
    },
    () => {
      state = 'rejected';
    },
  );
  await flush();
  return state;
}

/** A promise with its resolve/reject exposed (test plumbing, not the library's Deferred). */
export function gate<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Drives a fast-check scheduler until `done()` holds: resolves every scheduled task, lets the
 * chains they start schedule more, and repeats. Bounded: gives up after `maxRounds`.
 */
export async function drive(
  s: { waitAll(): Promise<void> },
  done: () => boolean,
  onIdle: () => void = () => {},
  maxRounds = 100,
): Promise<boolean> {
  for (let round = 0; round < maxRounds; round++) {
    await s.waitAll();
    await flush();
    if (done()) return true;
    onIdle();
    await flush();
  }
  return false;
}
