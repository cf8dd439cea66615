/**
 * The contract suite's harness: one suite, parameterised by a store factory. A backend is done
 * when `runContract` passes against it unchanged.
 */
import type { ManualClock } from '../../src/clock.js';
import type { Data } from '../../src/data.js';
import type { Store } from '../../src/store/contract.js';
import { Table, type TableOptions } from '../../src/table/Table.js';

/** A fresh store for one test. */
export interface Harness {
  readonly store: Store;
  /** Present when the backend runs on an injected clock; TTL cases need it. */
  readonly clock?: ManualClock;
  dispose(): Promise<void>;
}

/** What a backend's runner passes to the suite. */
export interface Backend {
  readonly name: string;
  setup(): Promise<Harness>;
}

let seq = 0;

/** A table with a name unique to this run, on a fresh harness. */
export async function fresh<V extends Data = Data>(
  backend: Backend,
  options: Omit<TableOptions, 'store'> = {},
): Promise<{ t: Table<V>; h: Harness; other: (name?: string) => Table<V> }> {
  const h = await backend.setup();
  const name = `contract-${process.pid}-${++seq}`;
  const t = new Table<V>(name, { ...options, store: h.store });
  return {
    t,
    h,
    other: (n = `${name}-other`) => new Table<V>(n, { ...options, store: h.store }),
  };
}

/** Every entry of a table, sorted by encoded key, for exact comparisons. */
export async function dump<V extends Data>(t: Table<V>): Promise<Array<[unknown, V]>> {
  const out: Array<[unknown, V]> = [];
  for await (const e of t.entries()) out.push(e);
  return out.sort((a, b) => (JSON.stringify(a[0], big) < JSON.stringify(b[0], big) ? -1 : 1));
}

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}
