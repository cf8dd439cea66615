/**
 * Metrics: the options, label and snapshot shapes, and the events channel, shared by every metric.
 */
import diagnostics_channel from 'node:diagnostics_channel';
import type { Store } from '../store/contract.js';
import type { Rounding } from './fixed-point.js';

/** Label values by label name. Numbers and booleans are converted to strings. */
export type Labels = Readonly<Record<string, string | number | boolean>>;

/** An event on the `raceless:metrics` channel. */
export interface MetricsEvent {
  readonly metric: string;
  readonly event: 'series-limit' | 'reset' | 'reset-all';
  readonly labels?: Readonly<Record<string, string>>;
  readonly limit?: number;
}

/**
 * The `raceless:metrics` diagnostics channel (published only when someone subscribes).
 * @example diagnostics_channel.subscribe('raceless:metrics', (e) => log(e))
 */
export const metricsChannel = diagnostics_channel.channel('raceless:metrics');

export function publish(make: () => MetricsEvent): void {
  if (metricsChannel.hasSubscribers) metricsChannel.publish(make());
}

/** Options of {@link Metrics}. */
export interface MetricsOptions {
  /** Where series live. Metrics of the same name on the same store share series. Default: a private MemoryStore. */
  readonly store?: Store;
  /** Prefix of each metric's table name. Default `'metrics:'`. */
  readonly prefix?: string;
  /** Most metrics in this registry (CapacityExceededError beyond). Default 1,000. */
  readonly maxMetrics?: number;
  /** Default `maxSeries` of each metric. Default 1,000. */
  readonly maxSeries?: number;
}

/** Options shared by every metric. */
export interface MetricOptions {
  /** `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
  readonly name: string;
  /** The HELP text. */
  readonly help: string;
  /** Label names, in key order. Default none. */
  readonly labelNames?: readonly string[];
  /** Most series (label combinations); a new one beyond it throws CapacityExceededError. */
  readonly maxSeries?: number;
  /**
   * Fixed-point scale: values are stored as integers `value × scale`. Default 1 for counters and
   * gauges (integers only), 1,000,000 for histograms and summaries (6 decimal places).
   */
  readonly scale?: number;
  /** A value not exact at `scale`: `'refuse'` (OutOfRangeError, default) or `'round'`. */
  readonly rounding?: Rounding;
}

/** Options of a histogram. */
export interface HistogramOptions extends MetricOptions {
  /** Upper bounds, strictly increasing, finite. Default prom-client's: 0.005 … 10. */
  readonly buckets?: readonly number[];
}

/** Options of a callback metric, read at exposition time. */
export interface CollectOptions {
  readonly name: string;
  readonly help: string;
  readonly type?: 'gauge' | 'counter';
  /** Returns the current value (e.g. `() => cache.size()`). */
  readonly read: () => number | PromiseLike<number>;
}

/** A histogram snapshot: every field from the same atomic moment. */
export interface HistogramSnapshot {
  readonly count: number;
  readonly sum: number;
  /** `sum / count` (0 when empty). */
  readonly mean: number;
  /** Cumulative counts by upper bound; the last is `+Inf` and equals `count`. */
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
}

/** A summary snapshot (count, sum, mean from the same atomic moment). */
export interface SummarySnapshot {
  readonly count: number;
  readonly sum: number;
  readonly mean: number;
}

/**
 * Prom-client's default buckets.
 * @example metrics.histogram({ name: 'h', help: 'h', buckets: [...DEFAULT_BUCKETS, 30] })
 */
export const DEFAULT_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export type Fields = Record<string, number>;
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

export interface Exposable {
  readonly name: string;
  expose(): Promise<string>;
  resetAll(): Promise<number>;
}
