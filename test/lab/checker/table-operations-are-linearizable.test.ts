// End to end: 100 async actors hammer a real `new Table(...)` with updateCounter, insertNew and
// compareAndSet (with I/O between calls), every call recorded; each history is linearizable.
// The same scale with a naive check-then-act insertNew is refused, so the check can see the bug.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkLinearizable,
  counterModel,
  HistoryRecorder,
  type InsertIfAbsentInput,
  insertIfAbsentModel,
  type RegisterInput,
  registerModel,
} from '../../../src/lab/index.js';
import { Table } from '../../../src/table/Table.js';
import { assertValidLinearization } from './ops.js';

const ACTORS = 100;
const io = () => new Promise<void>((resolve) => setImmediate(resolve));
const actors = (fn: (actor: string, a: number) => Promise<void>) =>
  Promise.all(Array.from({ length: ACTORS }, (_, a) => fn(`a${a}`, a)));

test('updateCounter: 100 actors × 5 increments on 2 keys are linearizable', async () => {
  const t = new Table<number>('hits');
  const rec = new HistoryRecorder();
  await actors(async (actor, a) => {
    for (let i = 0; i < 5; i++) {
      const key = (a + i) % 2 === 0 ? 'home' : 'about';
      await rec.record(actor, { op: 'increment', key, by: 1 }, () =>
        t.updateCounter(key, 1, { default: 0 }),
      );
      await io();
    }
  });
  const model = counterModel();
  const r = checkLinearizable(rec.history(), model);
  assert.equal(r.ok, true, r.ok === false ? r.report : 'unknown');
  assert.ok(r.ok === true);
  assert.equal(r.partitions, 2);
  assertValidLinearization(rec.history(), r.linearization, model);
  assert.equal(((await t.get('home')) ?? 0) + ((await t.get('about')) ?? 0), 500);
});

test('insertNew / take: 100 actors racing for 10 slots are linearizable', async () => {
  const t = new Table<string>('slots');
  const rec = new HistoryRecorder<InsertIfAbsentInput<string>>();
  await actors(async (actor, a) => {
    for (let i = 0; i < 4; i++) {
      const key = ['slot', (a + i) % 10];
      if (i % 2 === 0) {
        await rec.record(actor, { op: 'insertNew', key, value: actor }, () =>
          t.insertNew(key, actor),
        );
      } else {
        await rec.record(actor, { op: 'take', key }, () => t.take(key));
      }
      await io();
    }
  });
  const history = rec.history();
  assert.ok(
    history.some((o) => o.input.op === 'insertNew' && o.output === false),
    'contention',
  );
  const r = checkLinearizable(history, insertIfAbsentModel<string>());
  assert.equal(r.ok, true, r.ok === false ? r.report : 'unknown');
});

test('compareAndSet retry loops: 100 actors increment a shared record, linearizable', async () => {
  const t = new Table<{ n: number }>('cas');
  const rec = new HistoryRecorder<RegisterInput<{ n: number }>>();
  await actors(async (actor) => {
    for (let done = false; !done; ) {
      const cur = await rec.record(actor, { op: 'get', key: 'doc' }, () => t.get('doc'));
      await io();
      const next = { n: (cur?.n ?? 0) + 1 };
      done = await rec.record(actor, { op: 'compareAndSet', key: 'doc', expected: cur, next }, () =>
        t.compareAndSet('doc', cur, next),
      );
    }
  });
  assert.deepEqual(await t.get('doc'), { n: ACTORS });
  const history = rec.history();
  assert.ok(
    history.some((o) => o.input.op === 'compareAndSet' && o.output === false),
    'retries',
  );
  const r = checkLinearizable(history, registerModel<{ n: number }>());
  assert.equal(r.ok, true, r.ok === false ? r.report : 'unknown');
});

test('the naive check-then-act insertNew at the same scale is refused', async () => {
  const t = new Table<string>('naive-slots');
  const rec = new HistoryRecorder<InsertIfAbsentInput<string>>();
  await actors(async (actor) => {
    await rec.record(actor, { op: 'insertNew', key: 'leader', value: actor }, async () => {
      if (await t.has('leader')) return false;
      await io();
      await t.set('leader', actor);
      return true;
    });
  });
  const r = checkLinearizable(rec.history(), insertIfAbsentModel<string>());
  assert.equal(r.ok, false);
  assert.ok(r.ok === false);
  assert.equal(r.minimal.length, 2);
  assert.ok(r.minimal.every((o) => o.output === true));
});
