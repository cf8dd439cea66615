// The S01 lost-update pattern (get, await I/O, set) recorded as composite increments — invoked
// before the get, returned after the set, output the value set — is refused, and the minimal
// witness is exactly two increments that cannot both have happened (e.g. both returned the same
// value). raceless's updateCounter at the same scale is accepted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type CounterInput,
  checkLinearizable,
  counterModel,
  HistoryRecorder,
} from '../../../src/lab/index.js';
import { Table } from '../../../src/table/Table.js';

const ACTORS = 50;
const INCREMENTS = 4;
const io = () => new Promise<void>((resolve) => setImmediate(resolve));
const input: CounterInput = { op: 'increment', key: 'counter', by: 1 };

async function run(step: (t: Table<number>) => Promise<number>) {
  const t = new Table<number>('s01');
  await t.set('counter', 0);
  const rec = new HistoryRecorder<CounterInput, number>();
  await Promise.all(
    Array.from({ length: ACTORS }, async (_, a) => {
      for (let i = 0; i < INCREMENTS; i++) {
        await rec.record(`a${a}`, input, () => step(t));
        await io();
      }
    }),
  );
  return { history: rec.history(), final: (await t.get('counter')) ?? 0 };
}

test('naive S01 increments: refused with a two-operation witness', async () => {
  const { history, final } = await run(async (t) => {
    const v = (await t.get('counter')) ?? 0;
    await io();
    await t.set('counter', v + 1);
    return v + 1;
  });
  assert.ok(final < ACTORS * INCREMENTS, 'updates were lost');
  const model = counterModel();
  const r = checkLinearizable(history, model);
  assert.equal(r.ok, false);
  assert.ok(r.ok === false);
  assert.equal(r.fullyShrunk, true);
  assert.equal(r.minimal.length, 2, r.report);
  const [x, y] = r.minimal as [(typeof history)[0], (typeof history)[0]];
  // Two increments by 1 conflict exactly when they returned the same value, or when the one that
  // returned first in real time returned the larger value.
  const [first, second] = x.returnedAt < y.invokedAt ? [x, y] : [y, x];
  const concurrent = !(x.returnedAt < y.invokedAt || y.returnedAt < x.invokedAt);
  assert.ok(
    x.output === y.output || (!concurrent && (first.output as number) > (second.output as number)),
    r.report,
  );
  assert.match(r.report, /Minimal witness/);
});

test('updateCounter at the same scale: accepted', async () => {
  const { history, final } = await run((t) => t.updateCounter('counter', 1));
  assert.equal(final, ACTORS * INCREMENTS);
  const r = checkLinearizable(history, counterModel());
  assert.equal(r.ok, true, r.ok === false ? r.report : 'unknown');
});
