/**
 * @internal The base of every stored metric: label handling, the series table, atomic reset.
 */
import { CapacityExceededError, ContentionError, InvalidArgumentError } from '../errors.js';
import type { Key } from '../keys.js';
import type { CounterOp, Store } from '../store/contract.js';
import { Table } from '../table/Table.js';
import { fromFixedPoint, type Rounding, toFixedPoint } from './fixed-point.js';
import {
  type Exposable,
  type Fields,
  type Labels,
  type MetricOptions,
  type MetricType,
  publish,
} from './options.js';
import { escapeHelp } from './prometheus.js';

export const MAX_ATTEMPTS = 1_000;

/**
 * Base of every stored metric: label handling, the series table, atomic reset.
 * Not constructed directly: use {@link Metrics}.
 */
export abstract class StoredMetric<S> implements Exposable {
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

export function split(
  labelsOrValue: Labels | number | undefined,
  value: number | undefined,
): [Labels | undefined, number | undefined] {
  return typeof labelsOrValue === 'number' ? [undefined, labelsOrValue] : [labelsOrValue, value];
}
