import { ManualClock } from '../../src/clock.js';
import type { LimitAlgorithm } from '../../src/store/contract.js';
import { MemoryStore } from '../../src/store/memory.js';

export const ALGORITHMS: readonly LimitAlgorithm[] = [
  'fixed-window',
  'sliding-window',
  'token-bucket',
  'gcra',
];

/** A memory store on a manual clock at an aligned time (a multiple of every window used). */
export function setup(start = 1_000_000) {
  const clock = new ManualClock(start);
  const store = new MemoryStore({ clock });
  return { clock, store };
}

export function count<T>(xs: readonly T[], pred: (x: T) => boolean): number {
  let n = 0;
  for (const x of xs) if (pred(x)) n++;
  return n;
}
