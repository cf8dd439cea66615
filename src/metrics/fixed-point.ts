/**
 * Fixed-point numbers for exact metric sums. A value `x` at scale `s` is stored as the integer
 * `x × s`, so sums are integer additions (exact, atomic `updateCounter`) instead of float
 * read-modify-writes.
 */
import { InvalidArgumentError, OutOfRangeError } from '../errors.js';

/** What to do with a value that is not exact at the metric's scale. */
export type Rounding = 'refuse' | 'round';

/**
 * `value × scale` as a safe integer.
 *
 * A value is exact at a scale when the integer `n = round(value × scale)` gives back the same
 * number: `n / scale === value` (so `0.29` is exact at scale 100 although `0.29 × 100` is
 * `28.999999999999996` in floating point). With `'refuse'` an inexact value throws; with
 * `'round'` it is rounded to the nearest unit, ties away from zero.
 * @throws InvalidArgumentError (not a number); OutOfRangeError (NaN, infinite, beyond ±2^53 once
 * scaled, or inexact with `'refuse'`), naming `argument`.
 * @example toFixedPoint(0.35, 1e6, 'refuse', 'value') // 350000
 */
export function toFixedPoint(
  value: unknown,
  scale: number,
  rounding: Rounding,
  argument: string,
): number {
  if (typeof value !== 'number') {
    throw new InvalidArgumentError(argument, `must be a number, got ${typeof value}`);
  }
  if (!Number.isFinite(value)) throw new OutOfRangeError(argument, `must be finite, got ${value}`);
  const scaled = value * scale;
  const n = (scaled < 0 ? -Math.round(-scaled) : Math.round(scaled)) || 0;
  if (!Number.isSafeInteger(n)) {
    throw new OutOfRangeError(argument, `${value} × scale ${scale} is beyond 2^53`);
  }
  if (rounding === 'refuse' && n / scale !== value) {
    throw new OutOfRangeError(
      argument,
      `${value} is not exact at scale ${scale} (declare a larger scale, or rounding: 'round')`,
    );
  }
  return n;
}

/**
 * The number a fixed-point integer stands for (`n / scale`, one correctly rounded division).
 * @example fromFixedPoint(350000, 1e6) // 0.35
 */
export function fromFixedPoint(n: number, scale: number): number {
  return n / scale;
}

/**
 * `sum / count` of fixed-point values as a number, with ONE correctly rounded division when
 * `count × scale` is exact (`100 × 0.35` → mean exactly `0.35`). 0 when `count` is 0.
 * @example meanOf(35_000_000, 100, 1e6) // 0.35
 */
export function meanOf(sum: number, count: number, scale: number): number {
  if (count === 0) return 0;
  const d = count * scale;
  return Number.isSafeInteger(d) ? sum / d : sum / scale / count;
}
