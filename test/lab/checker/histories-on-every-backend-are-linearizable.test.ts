// The checker on every backend: 50 async actors hammer a Table on the memory store, the workers
// store and Redis (real network round trips interleave there), every call recorded; each history
// is linearizable for the counter and insert-if-absent models.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  checkLinearizable,
  counterModel,
  HistoryRecorder,
  type InsertIfAbsentInput,
  insertIfAbsentModel,
} from '../../../src/lab/index.js';
import { RedisStore } from '../../../src/redis/RedisStore.js';
import type { Store } from '../../../src/store/contract.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { Table } from '../../../src/table/Table.js';
import { WorkersStore } from '../../../src/workers/index.js';
import { deletePrefix, ioredisClient, uniquePrefix } from '../../redis/helpers.js';

const ACTORS = 50;
const io = () => new Promise<void>((resolve) => setImmediate(resolve));
const client = ioredisClient();
const prefix = uniquePrefix('checker');
const workers = WorkersStore.create({ maxEntries: 1_024 });

after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
  workers.close();
});

const backends: Array<[string, () => Store]> = [
  ['memory', () => new MemoryStore()],
  ['workers', () => workers],
  ['redis', () => new RedisStore({ client, prefix })],
];

for (const [name, make] of backends) {
  test(`${name}: updateCounter histories are linearizable`, async () => {
    const t = new Table<number>(`hits-${name}`, { store: make() });
    const rec = new HistoryRecorder();
    await Promise.all(
      Array.from({ length: ACTORS }, async (_, a) => {
        for (let i = 0; i < 4; i++) {
          const key = (a + i) % 2 === 0 ? 'home' : 'about';
          await rec.record(`a${a}`, { op: 'increment', key, by: 1 }, () =>
            t.updateCounter(key, 1, { default: 0 }),
          );
          await io();
        }
      }),
    );
    const r = checkLinearizable(rec.history(), counterModel());
    assert.equal(r.ok, true, r.ok === false ? r.report : 'unknown');
    assert.equal(((await t.get('home')) ?? 0) + ((await t.get('about')) ?? 0), ACTORS * 4);
  });

  test(`${name}: insertNew / take histories are linearizable`, async () => {
    const t = new Table<string>(`slots-${name}`, { store: make() });
    const rec = new HistoryRecorder<InsertIfAbsentInput<string>>();
    await Promise.all(
      Array.from({ length: ACTORS }, async (_, a) => {
        for (let i = 0; i < 4; i++) {
          const key = ['slot', (a + i) % 5];
          const actor = `a${a}`;
          if (i % 2 === 0)
            await rec.record(actor, { op: 'insertNew', key, value: actor }, () =>
              t.insertNew(key, actor),
            );
          else await rec.record(actor, { op: 'take', key }, () => t.take(key));
          await io();
        }
      }),
    );
    const r = checkLinearizable(rec.history(), insertIfAbsentModel<string>());
    assert.equal(r.ok, true, r.ok === false ? r.report : 'unknown');
  });
}
