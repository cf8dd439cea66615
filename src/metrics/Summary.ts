/**
 * The Summary metric: count and exact sum of a series updated in one step.
 */
import { meanOf } from './fixed-point.js';
import type { Fields, Labels, SummarySnapshot } from './options.js';
import { formatLabels, formatValue } from './prometheus.js';
import { StoredMetric, split } from './StoredMetric.js';

/**
 * A summary without quantiles: `count` and an exact fixed-point `sum` updated together, so the
 * mean is exact (100 × 0.35 → mean 0.35).
 * @example
 * const ratio = metrics.summary({ name: 'compression_ratio', help: 'Ratio', scale: 10_000 });
 * await ratio.observe(0.35);
 * (await ratio.get()).mean; // 0.35
 */
export class Summary extends StoredMetric<SummarySnapshot> {
  protected readonly type = 'summary';

  /**
   * Records one observation (count and sum in one op list).
   * @example await ratio.observe(0.35)
   */
  async observe(labels: Labels | number | undefined, value?: number): Promise<void> {
    const [l, v] = split(labels, value);
    await this.apply(l, [
      { field: 'count', incr: 1 },
      { field: 'sum', incr: this.fixed(v) },
    ]);
  }

  protected zero(): Fields {
    return { count: 0, sum: 0 };
  }
  protected snapshotOf(f: Fields): SummarySnapshot {
    const count = f.count ?? 0;
    return { count, sum: this.value(f.sum ?? 0), mean: meanOf(f.sum ?? 0, count, this.scale) };
  }
  protected lines(pairs: readonly (readonly [string, string])[], f: Fields): string[] {
    const s = this.snapshotOf(f);
    return [
      `${this.name}_sum${formatLabels(pairs)} ${formatValue(s.sum)}`,
      `${this.name}_count${formatLabels(pairs)} ${s.count}`,
    ];
  }
}
