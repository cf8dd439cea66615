/**
 * The Histogram metric: count, sum and buckets of a series updated in one step.
 */
import type { CounterOp, Store } from '../store/contract.js';
import { meanOf } from './fixed-point.js';
import {
  DEFAULT_BUCKETS,
  type Fields,
  type HistogramOptions,
  type HistogramSnapshot,
  type Labels,
} from './options.js';
import { formatLabels, formatValue } from './prometheus.js';
import { StoredMetric, split } from './StoredMetric.js';

/**
 * A histogram: `observe` adds 1 to `count`, the value to `sum` and 1 to its bucket in ONE op
 * list, so a snapshot or an exposition always has `+Inf bucket == count`.
 * @example
 * const latency = metrics.histogram({ name: 'latency_seconds', help: 'Latency', buckets: [0.1, 0.5, 1] });
 * await latency.observe(0.35);
 */
export class Histogram extends StoredMetric<HistogramSnapshot> {
  protected readonly type = 'histogram';
  /** Upper bounds, increasing (the `+Inf` bucket is implicit). */
  readonly buckets: readonly number[];

  constructor(
    opts: HistogramOptions,
    store: Store,
    prefix: string,
    maxSeries: number,
    scale: number,
  ) {
    super(opts, store, prefix, maxSeries, scale);
    this.buckets = [...(opts.buckets ?? DEFAULT_BUCKETS)];
  }

  /**
   * Records one observation; all fields change together.
   * @example await latency.observe({ route: '/' }, 0.35)
   */
  async observe(labels: Labels | number | undefined, value?: number): Promise<void> {
    const [l, v] = split(labels, value);
    const n = this.fixed(v);
    const ops: CounterOp[] = [
      { field: 'count', incr: 1 },
      { field: 'sum', incr: n },
    ];
    const i = this.buckets.findIndex((le) => (v as number) <= le);
    if (i >= 0) ops.push({ field: `b${i}`, incr: 1 });
    await this.apply(l, ops);
  }

  protected zero(): Fields {
    const f: Fields = { count: 0, sum: 0 };
    this.buckets.forEach((_, i) => {
      f[`b${i}`] = 0;
    });
    return f;
  }
  protected snapshotOf(f: Fields): HistogramSnapshot {
    const count = f.count ?? 0;
    let acc = 0;
    const buckets = this.buckets.map((le, i) => {
      acc += f[`b${i}`] ?? 0;
      return { le, count: acc };
    });
    buckets.push({ le: Number.POSITIVE_INFINITY, count });
    return {
      count,
      sum: this.value(f.sum ?? 0),
      mean: meanOf(f.sum ?? 0, count, this.scale),
      buckets,
    };
  }
  protected lines(pairs: readonly (readonly [string, string])[], f: Fields): string[] {
    const s = this.snapshotOf(f);
    const out = s.buckets.map(
      (b) => `${this.name}_bucket${formatLabels([...pairs, ['le', formatValue(b.le)]])} ${b.count}`,
    );
    out.push(`${this.name}_sum${formatLabels(pairs)} ${formatValue(s.sum)}`);
    out.push(`${this.name}_count${formatLabels(pairs)} ${s.count}`);
    return out;
  }
}
