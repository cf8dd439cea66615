/**
 * A circuit breaker as opossum/cockatiel-style code writes it, with its state in a store read and
 * written in separate calls (the pattern a shared breaker turns into):
 * - half-open admission is check-then-act (read `trials`, await, write `trials + 1`);
 * - outcomes are not tagged with a generation: a success in half-open closes the breaker, a
 *   failure re-opens it, whoever's call it was (opossum lets a stale success close; cockatiel lets
 *   a stale failure re-open mid-trial);
 * - trials have no deadline: a hung trial keeps it half-open forever;
 * - the failure count is read-modify-write.
 */
import type { MemoryStore } from '../../src/store/memory.js';
import { Table } from '../../src/table/Table.js';

type S = {
  state: 'closed' | 'open' | 'half-open';
  failures: number;
  trials: number;
  openedAt: number;
};

export class NaiveBreaker {
  readonly t: Table<S>;
  opens = 0;

  constructor(
    store: MemoryStore,
    readonly now: () => number,
    readonly threshold: number,
    readonly openMs: number,
    readonly trials = 1,
  ) {
    this.t = new Table<S>('naive-breaker', { store });
  }

  async #get(): Promise<S> {
    const s = (await this.t.get('b')) ?? { state: 'closed', failures: 0, trials: 0, openedAt: 0 };
    if (s.state === 'open' && this.now() >= s.openedAt + this.openMs) {
      return { ...s, state: 'half-open', trials: 0 };
    }
    return s;
  }

  async state(): Promise<S['state']> {
    return (await this.#get()).state;
  }

  async execute<T>(fn: () => Promise<T>): Promise<T> {
    const s = await this.#get();
    if (s.state === 'open') throw new Error('open');
    if (s.state === 'half-open') {
      if (s.trials >= this.trials) throw new Error('half-open');
      await this.t.set('b', { ...s, trials: s.trials + 1 });
    }
    try {
      const v = await fn();
      await this.onSuccess();
      return v;
    } catch (e) {
      await this.onFailure();
      throw e;
    }
  }

  async onSuccess(): Promise<void> {
    const s = await this.#get();
    await this.t.set('b', { ...s, state: 'closed', failures: 0, trials: 0 });
  }

  async onFailure(): Promise<void> {
    const s = await this.#get();
    if (s.state === 'half-open' || s.failures + 1 >= this.threshold) {
      this.opens++;
      await this.t.set('b', { ...s, state: 'open', failures: 0, openedAt: this.now() });
    } else {
      await this.t.set('b', { ...s, failures: s.failures + 1 });
    }
  }
}
