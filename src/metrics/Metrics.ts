/**
 * Metrics on the store: counters, gauges, histograms and summaries whose related fields change
 * together in one atomic step, with exact fixed-point sums and Prometheus text exposition.
 *
 * Layout: one Table per metric (named `prefix + metric name`), one entry per series, keyed by the
 * tuple of label values; the entry holds EVERY field of the series (`v`; or `count`, `sum`, and
 * bucket counts `b0…`), so a write is one `updateCounter` op list and a snapshot one `get`.
 */
import diagnostics_channel from 'node:diagnostics_channel';
import {
  AlreadyRegisteredError,
  CapacityExceededError,
  ContentionError,
  InvalidArgumentError,
  OutOfRangeError,
} from '../errors.js';
import type { Key } from '../keys.js';
import type { CounterOp, Store } from '../store/contract.js';
import { MemoryStore } from '../store/memory.js';
import { Table } from '../table/Table.js';
import { knownFields, optionsObject, positiveInt } from '../validate.js';
import { fromFixedPoint, meanOf, type Rounding, toFixedPoint } from './fixed-point.js';
import { escapeHelp, formatLabels, formatValue, LABEL_NAME, METRIC_NAME } from './prometheus.js';

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

function publish(make: () => MetricsEvent): void {
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

type Fields = Record<string, number>;
type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

interface Exposable {
  readonly name: string;
  expose(): Promise<string>;
  resetAll(): Promise<number>;
}

const MAX_ATTEMPTS = 1_000;

/**
 * Base of every stored metric: label handling, the series table, atomic reset.
 * Not constructed directly: use {@link Metrics}.
 */
abstract class StoredMetric<S> implements Exposable {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly scale: number;
  readonly rounding: Rounding;
  protected readonly table: Table<Fields>;
  protected abstract readonly type: MetricType;

  constructor(opts: MetricOptions, store: Store, prefix: string, maxSeries: number, scale: number) {
    this.name = opts.name;
    this.help = opts.help;
    this.labelNames = opts.labelNames ?? [];
    this.scale = scale;
    this.rounding = opts.rounding ?? 'refuse';
    this.table = new Table<Fields>(`${prefix}${opts.name}`, { store, maxEntries: maxSeries });
  }

  /** The fields of a series nobody wrote yet. */
  protected abstract zero(): Fields;
  /** A snapshot from the stored fields. */
  protected abstract snapshotOf(fields: Fields): S;
  /** Exposition lines of one series. */
  protected abstract lines(
    labels: readonly (readonly [string, string])[],
    fields: Fields,
  ): string[];

  /** Most series this metric holds. */
  get maxSeries(): number {
    return this.table.maxEntries!;
  }

  /** The series key: label values in `labelNames` order, as strings. */
  protected key(labels: Labels | undefined): Key {
    const given = labels ?? {};
    if (typeof given !== 'object' || given === null || Array.isArray(given)) {
      throw new InvalidArgumentError('labels', 'must be an object of label values');
    }
    const key: string[] = [];
    for (const name of this.labelNames) {
      const v = given[name];
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        throw new InvalidArgumentError(`labels.${name}`, 'must be a string, number or boolean');
      }
      key.push(String(v));
    }
    for (const name of Object.keys(given)) {
      if (!this.labelNames.includes(name)) {
        throw new InvalidArgumentError(
          'labels',
          `unknown label '${name}' (known: ${this.labelNames.join(', ')})`,
        );
      }
    }
    return key;
  }

  protected fixed(value: unknown, argument = 'value'): number {
    return toFixedPoint(value, this.scale, this.rounding, argument);
  }

  /** One atomic op list on the series entry, created from `zero()` when new. */
  protected async apply(labels: Labels | undefined, ops: readonly CounterOp[]): Promise<number[]> {
    const key = this.key(labels);
    try {
      return await this.table.updateCounter(key, ops, { default: this.zero() });
    } catch (error) {
      if (error instanceof CapacityExceededError) {
        publish(() => ({ metric: this.name, event: 'series-limit', limit: this.maxSeries }));
      }
      throw error;
    }
  }

  /**
   * The series' snapshot: one atomic read (all fields from the same moment).
   * @example await requests.get({ route: '/' })
   */
  async get(labels?: Labels): Promise<S> {
    return this.snapshotOf((await this.table.get(this.key(labels))) ?? this.zero());
  }

  /**
   * Resets one series to zero in one compare-and-set of the whole entry and returns the snapshot
   * it replaced: every write lands either in that snapshot or after the reset, never half.
   * @throws ContentionError after 1,000 conflicting attempts.
   * @example const before = await latency.reset({ route: '/' });
   */
  async reset(labels?: Labels): Promise<S> {
    const key = this.key(labels);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const current = await this.table.get(key);
      if (current === undefined) return this.snapshotOf(this.zero());
      if (await this.table.compareAndSet(key, current, this.zero())) {
        publish(() => ({ metric: this.name, event: 'reset', labels: this.labelsOf(key) }));
        return this.snapshotOf(current);
      }
    }
    throw new ContentionError(MAX_ATTEMPTS);
  }

  /**
   * Removes every series of this metric in one atomic step; returns how many.
   * @example await requests.resetAll()
   */
  async resetAll(): Promise<number> {
    const n = await this.table.clear();
    publish(() => ({ metric: this.name, event: 'reset-all' }));
    return n;
  }

  /**
   * Every series with its snapshot (each series read atomically; the walk is weakly consistent).
   * @example for (const [labels, value] of await requests.series()) console.log(labels, value)
   */
  async series(): Promise<[Record<string, string>, S][]> {
    const out: [Record<string, string>, S][] = [];
    for await (const [key, fields] of this.table.entries()) {
      out.push([this.labelsOf(key), this.snapshotOf(fields)]);
    }
    return out;
  }

  /**
   * Number of series, exact.
   * @example await requests.size()
   */
  size(): Promise<number> {
    return this.table.size();
  }

  /** Prometheus text of this metric (HELP, TYPE, then its series sorted by label values). */
  async expose(): Promise<string> {
    const rows: [string, string[]][] = [];
    for await (const [key, fields] of this.table.entries()) {
      const values = key as string[];
      const pairs = this.labelNames.map((n, i) => [n, values[i]!] as const);
      rows.push([JSON.stringify(values), this.lines(pairs, fields)]);
    }
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const head = [
      `# HELP ${this.name} ${escapeHelp(this.help)}`,
      `# TYPE ${this.name} ${this.type}`,
    ];
    return [...head, ...rows.flatMap((r) => r[1])].join('\n');
  }

  protected labelsOf(key: Key): Record<string, string> {
    const values = key as string[];
    const out: Record<string, string> = {};
    this.labelNames.forEach((n, i) => {
      out[n] = values[i]!;
    });
    return out;
  }

  protected value(n: number): number {
    return fromFixedPoint(n, this.scale);
  }
}

function split(
  labelsOrValue: Labels | number | undefined,
  value: number | undefined,
): [Labels | undefined, number | undefined] {
  return typeof labelsOrValue === 'number' ? [undefined, labelsOrValue] : [labelsOrValue, value];
}

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

/**
 * A gauge: `set` replaces the series entry in one step; `inc`/`dec` are atomic counters.
 * @example
 * const inFlight = metrics.gauge({ name: 'in_flight', help: 'Requests in flight' });
 * await inFlight.inc(); await inFlight.dec();
 */
export class Gauge extends StoredMetric<number> {
  protected readonly type = 'gauge';

  /**
   * Sets the value.
   * @throws CapacityExceededError for a new series beyond `maxSeries`.
   * @example await temperature.set({ room: 'a' }, 21.5)
   */
  async set(labels: Labels | number | undefined, value?: number): Promise<void> {
    const [l, v] = split(labels, value);
    const n = this.fixed(v);
    try {
      await this.table.set(this.key(l), { v: n });
    } catch (error) {
      if (error instanceof CapacityExceededError) {
        publish(() => ({ metric: this.name, event: 'series-limit', limit: this.maxSeries }));
      }
      throw error;
    }
  }

  /**
   * Adds `value` (default 1); returns the new value.
   * @example await inFlight.inc()
   */
  async inc(labels?: Labels | number, value?: number): Promise<number> {
    const [l, v] = split(labels, value);
    const [r] = await this.apply(l, [{ field: 'v', incr: this.fixed(v ?? 1) }]);
    return this.value(r!);
  }

  /**
   * Subtracts `value` (default 1); returns the new value.
   * @example await inFlight.dec()
   */
  async dec(labels?: Labels | number, value?: number): Promise<number> {
    const [l, v] = split(labels, value);
    const [r] = await this.apply(l, [{ field: 'v', incr: -this.fixed(v ?? 1) }]);
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

class Collected implements Exposable {
  constructor(readonly opts: CollectOptions) {}
  get name(): string {
    return this.opts.name;
  }
  async expose(): Promise<string> {
    const v = await this.opts.read();
    return [
      `# HELP ${this.opts.name} ${escapeHelp(this.opts.help)}`,
      `# TYPE ${this.opts.name} ${this.opts.type ?? 'gauge'}`,
      `${this.opts.name} ${formatValue(typeof v === 'number' ? v : Number.NaN)}`,
    ].join('\n');
  }
  async resetAll(): Promise<number> {
    return 0;
  }
}

/**
 * A registry of metrics (like prom-client's `Registry`), bounded, on any store.
 *
 * Guarantees: every write is one atomic store operation covering all related fields; a snapshot
 * is one atomic read; `reset` is one compare-and-set of the whole entry; sums of fractional
 * values are exact (fixed-point integers at a declared scale; inexact values are refused by
 * default); label values are data (escaped in the exposition); metrics and series are bounded
 * (CapacityExceededError).
 *
 * @throws InvalidArgumentError / OutOfRangeError for bad options; AlreadyRegisteredError for a
 * name used twice; CapacityExceededError beyond `maxMetrics`.
 * @example
 * const metrics = new Metrics();
 * const hits = metrics.counter({ name: 'hits_total', help: 'Hits', labelNames: ['route'] });
 * await hits.inc({ route: '/' });
 * console.log(await metrics.expose());
 */
export class Metrics {
  readonly #store: Store;
  readonly #prefix: string;
  readonly #maxMetrics: number;
  readonly #maxSeries: number;
  readonly #metrics = new Map<string, Exposable>();

  constructor(options?: MetricsOptions) {
    const opts = optionsObject('options', options);
    knownFields('options', opts, ['store', 'prefix', 'maxMetrics', 'maxSeries']);
    if (opts.prefix !== undefined && typeof opts.prefix !== 'string') {
      throw new InvalidArgumentError('options.prefix', 'must be a string');
    }
    this.#store = (opts.store as Store | undefined) ?? new MemoryStore();
    this.#prefix = (opts.prefix as string | undefined) ?? 'metrics:';
    this.#maxMetrics =
      opts.maxMetrics === undefined ? 1_000 : positiveInt('options.maxMetrics', opts.maxMetrics);
    this.#maxSeries =
      opts.maxSeries === undefined ? 1_000 : positiveInt('options.maxSeries', opts.maxSeries);
  }

  /** Number of registered metrics. */
  get size(): number {
    return this.#metrics.size;
  }

  /**
   * Registers a counter.
   * @example metrics.counter({ name: 'jobs_total', help: 'Jobs run', labelNames: ['queue'] })
   */
  counter(options: MetricOptions): Counter {
    return this.#add(
      options,
      'counter',
      1,
      (o, ms, sc) => new Counter(o, this.#store, this.#prefix, ms, sc),
    );
  }

  /**
   * Registers a gauge.
   * @example metrics.gauge({ name: 'queue_depth', help: 'Queued jobs' })
   */
  gauge(options: MetricOptions): Gauge {
    return this.#add(
      options,
      'gauge',
      1,
      (o, ms, sc) => new Gauge(o, this.#store, this.#prefix, ms, sc),
    );
  }

  /**
   * Registers a histogram.
   * @throws OutOfRangeError for buckets that are not finite and strictly increasing.
   * @example metrics.histogram({ name: 'latency_seconds', help: 'Latency', buckets: [0.1, 1] })
   */
  histogram(options: HistogramOptions): Histogram {
    const buckets = (options as HistogramOptions | undefined)?.buckets;
    if (buckets !== undefined) {
      if (!Array.isArray(buckets) || buckets.length === 0) {
        throw new InvalidArgumentError('options.buckets', 'must be a non-empty array of numbers');
      }
      buckets.forEach((b, i) => {
        if (typeof b !== 'number' || !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1]!)) {
          throw new OutOfRangeError(
            `options.buckets[${i}]`,
            'must be finite and strictly increasing',
          );
        }
      });
    }
    return this.#add(
      options,
      'histogram',
      1e6,
      (o, ms, sc) => new Histogram(o as HistogramOptions, this.#store, this.#prefix, ms, sc),
    );
  }

  /**
   * Registers a summary (count and exact sum; no quantiles).
   * @example metrics.summary({ name: 'ratio', help: 'Compression ratio', scale: 10_000 })
   */
  summary(options: MetricOptions): Summary {
    return this.#add(
      options,
      'summary',
      1e6,
      (o, ms, sc) => new Summary(o, this.#store, this.#prefix, ms, sc),
    );
  }

  /**
   * Registers a value read at exposition time — typically a structure's size, so every bound is
   * visible as a metric.
   * @example metrics.collect({ name: 'cache_entries', help: 'Entries', read: () => cache.size() })
   */
  collect(options: CollectOptions): void {
    const o = optionsObject('options', options);
    knownFields('options', o, ['name', 'help', 'type', 'read']);
    this.#checkName(o.name);
    if (typeof o.help !== 'string')
      throw new InvalidArgumentError('options.help', 'must be a string');
    if (typeof o.read !== 'function')
      throw new InvalidArgumentError('options.read', 'must be a function');
    if (o.type !== undefined && o.type !== 'gauge' && o.type !== 'counter') {
      throw new InvalidArgumentError('options.type', "must be 'gauge' or 'counter'");
    }
    this.#register(new Collected(options));
  }

  /**
   * The Prometheus text exposition (format 0.0.4) of every metric, in registration order. Each
   * series is read atomically; the document as a whole is not one snapshot.
   * @example res.setHeader('Content-Type', 'text/plain; version=0.0.4'); res.end(await metrics.expose());
   */
  async expose(): Promise<string> {
    const parts: string[] = [];
    for (const m of this.#metrics.values()) parts.push(await m.expose());
    return parts.length === 0 ? '' : `${parts.join('\n')}\n`;
  }

  /**
   * Removes every series of every metric (each metric in one atomic step); returns how many.
   * @example await metrics.resetAll()
   */
  async resetAll(): Promise<number> {
    let n = 0;
    for (const m of this.#metrics.values()) n += await m.resetAll();
    return n;
  }

  #checkName(name: unknown): asserts name is string {
    if (typeof name !== 'string' || !METRIC_NAME.test(name)) {
      throw new InvalidArgumentError('options.name', `must match ${METRIC_NAME}`);
    }
    if (this.#metrics.has(name)) throw new AlreadyRegisteredError(name);
  }

  #register<M extends Exposable>(metric: M): M {
    if (this.#metrics.size >= this.#maxMetrics) {
      throw new CapacityExceededError('metrics registry', this.#maxMetrics);
    }
    this.#metrics.set(metric.name, metric);
    return metric;
  }

  #add<M extends Exposable>(
    options: MetricOptions,
    type: MetricType,
    defaultScale: number,
    make: (o: MetricOptions, maxSeries: number, scale: number) => M,
  ): M {
    const o = optionsObject('options', options);
    const known = ['name', 'help', 'labelNames', 'maxSeries', 'scale', 'rounding'];
    knownFields('options', o, type === 'histogram' ? [...known, 'buckets'] : known);
    this.#checkName(o.name);
    if (typeof o.help !== 'string')
      throw new InvalidArgumentError('options.help', 'must be a string');
    const labelNames = o.labelNames ?? [];
    if (!Array.isArray(labelNames)) {
      throw new InvalidArgumentError('options.labelNames', 'must be an array of strings');
    }
    const reserved = type === 'histogram' ? 'le' : type === 'summary' ? 'quantile' : undefined;
    labelNames.forEach((l: unknown, i) => {
      if (typeof l !== 'string' || !LABEL_NAME.test(l) || l.startsWith('__') || l === reserved) {
        throw new InvalidArgumentError(
          `options.labelNames[${i}]`,
          `invalid label name ${String(l)}`,
        );
      }
      if (labelNames.indexOf(l) !== i) {
        throw new InvalidArgumentError(`options.labelNames[${i}]`, `duplicate label name ${l}`);
      }
    });
    if (o.rounding !== undefined && o.rounding !== 'refuse' && o.rounding !== 'round') {
      throw new InvalidArgumentError('options.rounding', "must be 'refuse' or 'round'");
    }
    const maxSeries =
      o.maxSeries === undefined ? this.#maxSeries : positiveInt('options.maxSeries', o.maxSeries);
    const scale = o.scale === undefined ? defaultScale : positiveInt('options.scale', o.scale);
    return this.#register(
      make({ ...(o as unknown as MetricOptions), labelNames: [...labelNames] }, maxSeries, scale),
    );
  }
}
