// Seeded randomness for the differential tests of the Lua ports (reproducible from a seed).
import type { LimitAlgorithm, LimitRule } from '../../src/store/contract.js';

/** A small seeded PRNG: the same seed gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of `xs`, chosen by `rand`. */
export const pick = <T>(rand: () => number, xs: readonly T[]): T =>
  xs[Math.floor(rand() * xs.length)]!;

/** A random limit rule of `algorithm`, with and without blocks and optional fields. */
export function randomRule(rand: () => number, algorithm: LimitAlgorithm): LimitRule {
  const limit = 1 + Math.floor(rand() * 6);
  const rule: Record<string, number | string> = {
    algorithm,
    limit,
    windowMs: pick(rand, [7, 100, 1_000, 60_000]),
  };
  if (algorithm === 'token-bucket' && rand() < 0.5) rule.refill = 1 + Math.floor(rand() * limit);
  if (algorithm === 'gcra' && rand() < 0.5) rule.burst = 1 + Math.floor(rand() * 8);
  if (rand() < 0.4) {
    rule.blockAfter = 1 + Math.floor(rand() * 3);
    rule.blockMs = pick(rand, [50, 500, 5_000]);
    if (rand() < 0.5) rule.violationWindowMs = pick(rand, [30, 300, 3_000]);
  }
  return rule as unknown as LimitRule;
}
