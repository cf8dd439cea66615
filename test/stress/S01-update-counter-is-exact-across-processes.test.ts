// S01 across processes: 4 child processes × 2,500 `Table.updateCounter` calls (8 in flight per
// process) on one Redis, each process on its own client, started at a Redis barrier. The total
// is exact; the naive GET/SET increment at the same scale loses updates (each process's first
// read happens before any process writes, so at least 3 are always lost).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { Table } from '../../src/table/Table.js';
import { deletePrefix, ioredisClient, uniquePrefix } from '../redis/helpers.js';
import { fmt, PROCESSES, runProcesses } from './helpers.js';

const prefix = uniquePrefix('stress-s01');
const client = ioredisClient();
after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

test('S01: 4 processes × 2,500 updateCounter on one Redis give exactly 10,000; naive GET/SET loses updates', async (t) => {
  const EACH = 2_500;
  const expected = PROCESSES * EACH;
  await runProcesses('S01', prefix, { each: EACH });
  const store = new RedisStore({ client, prefix });
  const total = await new Table<number>('hits', { store }).get('home');
  const naive = Number(await client.get(`${prefix}naive:hits`));
  t.diagnostic(
    `S01 updateCounter ${PROCESSES}×${fmt(EACH)}: naive ${fmt(naive)} (${fmt(expected - naive)} lost) | raceless ${fmt(total ?? 0)} (exact)`,
  );
  assert.equal(total, expected);
  assert.ok(naive <= expected - (PROCESSES - 1), `naive counted ${naive} of ${expected}`);
});
