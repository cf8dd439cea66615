// A store scenario whose "raceless" version is deliberately broken (it uses get-then-set), so
// the lab must report it NOT EXACT and exit non-zero. Not a test file: worker threads import it.
import type { StoreScenario } from '../../../src/lab/types.js';
import { Table } from '../../../src/table/Table.js';

const io = () => new Promise<void>((resolve) => setImmediate(resolve));

export const brokenScenario: StoreScenario<{ actors: number }, null> = {
  kind: 'store',
  id: 'X01',
  title: 'deliberately broken: the "raceless" version is get-then-set too',
  module: import.meta.url,
  params: () => ({ actors: 20 }),
  actors: (p) => p.actors,
  async actor({ store }) {
    const t = new Table<number>('x', { store });
    for (let i = 0; i < 10; i++) {
      const v = (await t.get('n')) ?? 0;
      await io();
      await t.set('n', v + 1);
    }
    return null;
  },
  async check({ store, params }) {
    const n = (await new Table<number>('x', { store }).get('n')) ?? 0;
    const expected = params.actors * 10;
    return { expected: String(expected), observed: String(n), exact: n === expected };
  },
};
