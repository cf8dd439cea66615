/** Small helpers shared by the lab's scenarios. */
import type { Observation } from '../types.js';

/** Stands for the I/O a handler does between steps: one macrotask turn, every other task runs. */
export const io = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** `n × scale`, rounded, at least `min`. */
export function scaled(n: number, scale: number, min = 1): number {
  return Math.max(min, Math.round(n * scale));
}

/**
 * A window no run crosses: fixed windows are aligned to multiples of their length since the
 * epoch, and the next multiple of 2^40 ms is in 2039. Every key written with it is deleted with
 * the run's store.
 */
export const EPOCH_WINDOW_MS = 2 ** 40;

/** A count against its exact expectation, with the loss (or overshoot) in percent. */
export function countObservation(
  expected: number,
  observed: number,
  unit = '',
  detail?: string,
): Observation {
  const suffix = unit === '' ? '' : ` ${unit}`;
  return {
    expected: `${expected}${suffix}`,
    observed: `${observed}${suffix}`,
    exact: observed === expected,
    lossPct: expected === 0 ? undefined : (Math.abs(expected - observed) / expected) * 100,
    detail,
  };
}

/** A list of named counts that must all be as expected, e.g. `1 winner · 0 orphans`. */
export function factsObservation(
  facts: readonly { readonly name: string; readonly expected: number; readonly observed: number }[],
  detail?: string,
): Observation {
  const show = (pick: 'expected' | 'observed') =>
    facts.map((f) => `${f[pick]} ${f.name}`).join(' · ');
  return {
    expected: show('expected'),
    observed: show('observed'),
    exact: facts.every((f) => f.expected === f.observed),
    detail,
  };
}

/** Sums a numeric field of actor results. */
export function sum<R>(results: readonly R[], pick: (r: R) => number): number {
  let n = 0;
  for (const r of results) n += pick(r);
  return n;
}
