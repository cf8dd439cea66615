/**
 * The Gauge metric: a value that is set, or moved up and down atomically.
 */
import { CapacityExceededError } from '../errors.js';
import { type Fields, type Labels, publish } from './options.js';
import { formatLabels, formatValue } from './prometheus.js';
import { StoredMetric, split } from './StoredMetric.js';

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
