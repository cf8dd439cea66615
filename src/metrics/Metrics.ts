/**
 * Metrics on the store: counters, gauges, histograms and summaries whose related fields change
 * together in one atomic step, with exact fixed-point sums and Prometheus text exposition.
 *
 * Layout: one Table per metric (named `prefix + metric name`), one entry per series, keyed by the
 * tuple of label values; the entry holds EVERY field of the series (`v`; or `count`, `sum`, and
 * bucket counts `b0…`), so a write is one `updateCounter` op list and a snapshot one `get`.
 */
import {
  AlreadyRegisteredError,
  CapacityExceededError,
  InvalidArgumentError,
  OutOfRangeError,
} from '../errors.js';
import type { Store } from '../store/contract.js';
import { MemoryStore } from '../store/memory.js';
import { knownFields, optionsObject, positiveInt } from '../validate.js';
import { Counter } from './Counter.js';
import { Gauge } from './Gauge.js';
import { Histogram } from './Histogram.js';
import type {
  CollectOptions,
  Exposable,
  HistogramOptions,
  MetricOptions,
  MetricsOptions,
  MetricType,
} from './options.js';
import { escapeHelp, formatValue, LABEL_NAME, METRIC_NAME } from './prometheus.js';
import { Summary } from './Summary.js';

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
