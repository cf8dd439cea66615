/**
 * Single-flight as commonly hand-rolled (promise-inflight style): one module-global map, keys
 * joined into strings, `finally { map.delete(key) }` without an identity check, the entry
 * registered before `fn` is called with no guard for a synchronous throw, and a caller's abort
 * wired to the shared work.
 */
const inflight = new Map<string, { promise: Promise<unknown>; controller: AbortController }>();

/** Exposed so tests can reset the global between cases. */
export function resetNaiveInflight(): void {
  inflight.clear();
}

export function naiveForget(key: string): void {
  inflight.delete(key);
}

export function naiveInflightSize(): number {
  return inflight.size;
}

export function naiveRun<V>(
  key: string | readonly string[],
  fn: (signal: AbortSignal) => Promise<V>,
  signal?: AbortSignal,
): Promise<V> {
  const k = Array.isArray(key) ? key.join('') : String(key);
  const existing = inflight.get(k);
  if (existing) {
    signal?.addEventListener('abort', () => existing.controller.abort(), { once: true });
    return existing.promise as Promise<V>;
  }
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  let resolve!: (v: V) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<V>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  inflight.set(k, { promise, controller });
  // A synchronous throw here escapes before the cleanup below is attached: the key is stuck.
  fn(controller.signal)
    .then(resolve, reject)
    .finally(() => inflight.delete(k));
  return promise;
}
