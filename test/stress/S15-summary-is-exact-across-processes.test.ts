// S15 across processes: 4 child processes × 1,000 `Summary.observe(0.35)` (8 in flight per
// process) on one Redis, at a Redis barrier. Count is exactly 4,000 and the mean exactly 0.35.
// The naive summary (count and float sum in two keys, each read then written) at the same scale
// loses observations (each process's first read happens before any process writes).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Metrics } from '../../src/metrics/Metrics.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { naiveSnapshot } from '../naive/naiveRedis.js';
import { deletePrefix, ioredisClient, uniquePrefix } from '../redis/helpers.js';
import { fmt, PROCESSES, runProcesses } from './helpers.js';

const prefix = uniquePrefix('stress-s15');
const client = ioredisClient();
after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

test('S15: 4 processes × 1,000 observations of 0.35 give count 4,000 and mean exactly 0.35; naive loses observations', async (t) => {
  const EACH = 1_000;
  const expected = PROCESSES * EACH;
  await runProcesses('S15', prefix, { each: EACH });
  const store = new RedisStore({ client, prefix });
  const s = await new Metrics({ store })
    .summary({ name: 'ratio', help: 'ratio', scale: 10_000 })
    .get();
  const naive = await naiveSnapshot(client, `${prefix}naive:ratio`);
  t.diagnostic(
    `S15 summary ${PROCESSES}×${fmt(EACH)} × 0.35: naive count ${fmt(naive.count)}, mean ${naive.sum / naive.count} | raceless count ${fmt(s.count)}, sum ${s.sum}, mean ${s.mean}`,
  );
  assert.equal(s.count, expected);
  assert.equal(s.sum, 1_400);
  assert.equal(s.mean, 0.35);
  assert.ok(naive.count <= expected - (PROCESSES - 1), `naive counted ${naive.count}`);
});
