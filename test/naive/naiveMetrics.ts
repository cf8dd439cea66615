/**
 * Seed 003: metrics kept as floats and separate keys.
 * - `NaiveFloatMean`: the sum is a float read, awaited, written (lost updates, float drift).
 * - `NaiveSplitSummary`: count and sum are separate atomic counters (the seed's fix), updated
 *   by two calls; reset clears them by two calls; a reader reads them by two calls — so a reset
 *   during writes leaves them out of step, and readers combine fields from different moments.
 */
import { yieldTurn } from './yieldTurn.js';

export class NaiveFloatMean {
  count = 0;
  sum = 0;
  async observe(value: number): Promise<void> {
    const sum = this.sum;
    await yieldTurn();
    this.sum = sum + value;
    this.count++;
  }
  mean(): number {
    return this.sum / this.count;
  }
}

export class NaiveSplitSummary {
  readonly fields = new Map<string, number>([
    ['count', 0],
    ['sum', 0],
  ]);
  /** Two store calls; `turns` models the latency between them (writers differ). */
  async observe(scaled: number, turns = 1): Promise<void> {
    this.#incr('count', 1);
    for (let i = 0; i < turns; i++) await yieldTurn();
    this.#incr('sum', scaled);
  }
  /** Two store calls: the second lands after a hop, while writers are mid-update. */
  async reset(): Promise<void> {
    this.fields.set('count', 0);
    await Promise.resolve();
    this.fields.set('sum', 0);
  }
  async snapshot(): Promise<{ count: number; sum: number }> {
    const count = this.fields.get('count')!;
    await yieldTurn();
    return { count, sum: this.fields.get('sum')! };
  }
  #incr(field: string, by: number): void {
    this.fields.set(field, this.fields.get(field)! + by);
  }
}
