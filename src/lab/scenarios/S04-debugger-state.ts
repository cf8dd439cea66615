/**
 * S04 — mutable state in a write-once store: debugger attach/detach and breakpoint maps lose
 * updates; breakpoints rewritten by delete-all + re-insert (seed 000 #3, residual). *store*
 *
 * 100 actors, each owning one module: attach, replace its module's breakpoints, and (odd actors)
 * detach and clear them; after every step each actor reads the breakpoint map.
 * - naive: the maps are whole values, read, changed and written back; a replace deletes the map,
 *   then re-inserts it — updates are lost and readers see no map at all mid-update.
 * - raceless: `Table#updateFields`: one atomic shallow merge per change; readers always see a
 *   whole map.
 * Expected: the final maps equal the sequential model; no read ever sees a missing map.
 */
import type { Data } from '../../data.js';
import { Table } from '../../table/Table.js';
import type { StoreScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S04. */
export interface S04Params {
  readonly actors: number;
}

type Obj = Record<string, Data>;

const mod = (i: number) => `m${i}`;

async function change(
  t: Table<Obj>,
  key: string,
  fields: Obj,
  naive: boolean,
  deleteFirst: boolean,
): Promise<void> {
  if (!naive) {
    await t.updateFields(key, fields, { default: {} });
    return;
  }
  const current = (await t.get(key)) ?? {};
  if (deleteFirst) await t.delete(key); // the residual: delete-all, then re-insert
  await io();
  await t.set(key, { ...current, ...fields });
}

/** S04 in every domain. */
export const s04: StoreScenario<S04Params, number> = {
  kind: 'store',
  id: 'S04',
  title: 'debugger attach/detach + breakpoints: no lost update, no empty map',
  module: import.meta.url,
  params: (scale) => ({ actors: scaled(100, scale, 4) }),
  actors: (p) => p.actors,
  // The breakpoint map holds every module: about 16 bytes of JSON per actor.
  capacity: (p) => ({ entries: 64, valueBytes: 24 * p.actors + 256 }),
  async setup({ store, params }) {
    const t = new Table<Obj>('debugger', { store });
    const bps: Obj = {};
    for (let i = 0; i < params.actors; i++) bps[mod(i)] = [0];
    await t.set('breakpoints', bps);
    await t.set('attached', {});
  },
  async actor({ store, index, variant, params }) {
    const t = new Table<Obj>('debugger', { store });
    const naive = variant === 'naive';
    let torn = 0;
    const read = async () => {
      const bps = await t.get('breakpoints');
      if (bps === undefined || Object.keys(bps).length !== params.actors) torn++;
    };
    await change(t, 'attached', { [index]: true }, naive, false);
    await read();
    await change(t, 'breakpoints', { [mod(index)]: [index, index + 1] }, naive, true);
    await read();
    if (index % 2 === 1) {
      await change(t, 'attached', { [index]: false }, naive, false);
      await read();
      await change(t, 'breakpoints', { [mod(index)]: [] }, naive, true);
      await read();
    }
    return torn;
  },
  async check({ store, params }, results) {
    const t = new Table<Obj>('debugger', { store });
    const bps = (await t.get('breakpoints')) ?? {};
    const attached = (await t.get('attached')) ?? {};
    let wrong = 0;
    for (let i = 0; i < params.actors; i++) {
      const even = i % 2 === 0;
      if (JSON.stringify(bps[mod(i)]) !== JSON.stringify(even ? [i, i + 1] : [])) wrong++;
      if (attached[String(i)] !== even) wrong++;
    }
    const torn = results.reduce((n, r) => n + r, 0);
    return {
      expected: '0 wrong · 0 torn reads',
      observed: `${wrong} wrong · ${torn} torn reads`,
      exact: wrong === 0 && torn === 0,
      detail: `${params.actors} actors; ${2 * params.actors} map fields checked against the sequential model`,
    };
  },
};
