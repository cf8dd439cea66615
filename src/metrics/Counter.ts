/**
 * The Counter metric: a monotonic counter of fixed-point values.
 */
import { OutOfRangeError } from '../errors.js';
import type { Fields, Labels } from './options.js';
import { formatLabels, formatValue } from './prometheus.js';
import { StoredMetric, split } from './StoredMetric.js';

/**
 * A monotonic counter. `inc` is one atomic `updateCounter`: concurrent increments are never lost.
 * @throws OutOfRangeError for a negative or inexact value (nothing written).
 * @example
 * const requests = metrics.counter({ name: 'http_requests_total', help: 'Requests', labelNames: ['route'] });
 * await requests.inc({ route: '/' });
 */
export class Counter extends StoredMetric<number> {
  protected readonly type = 'counter';

  /**
   * Adds `value` (default 1, must be >= 0); returns the new value.
   * @example await requests.inc({ route: '/' }, 2)
   */
  async inc(labels?: Labels | number, value?: number): Promise<number> {
    const [l, v] = split(labels, value);
    const n = this.fixed(v ?? 1);
    if (n < 0) throw new OutOfRangeError('value', 'a counter only goes up');
    const [r] = await this.apply(l, [{ field: 'v', incr: n }]);
    return this.value(r!);
  }

  protected zero(): Fields {
    return { v: 0 };
  }
  protected snapshotOf(f: Fields): number {
    return this.value(f.v ?? 0);
  }
  protected lines(pairs: readonly (readonly [string, string])[], f: Fields): string[] {
    return [`${this.name}${formatLabels(pairs)} ${formatValue(this.value(f.v ?? 0))}`];
  }
}
