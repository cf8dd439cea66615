// S15 reset across processes: 4 child processes × 1,000 `Summary.observe(0.35)` on one Redis
// while process 0 resets the summary after every 100th of its own observations (10 resets
// amid the others' writes). Every reset's snapshot is consistent (sum = count × 0.35) and the
// snapshots plus the final state add up to all 4,000. The naive reset (read, then write zero)
// loses the writes that land between its read and its write: each other process writes once in
// that window, on purpose, so it loses at least 3.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Metrics } from '../../src/metrics/Metrics.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { naiveSnapshot } from '../naive/naiveRedis.js';
import { deletePrefix, ioredisClient, uniquePrefix } from '../redis/helpers.js';
import { fmt, PROCESSES, runProcesses } from './helpers.js';

const prefix = uniquePrefix('stress-s15-reset');
const client = ioredisClient();
after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

interface Snapshot {
  count: number;
  sum: number;
  mean: number;
}
interface Result {
  snapshots: Snapshot[];
  naiveBefore?: { count: number; sum: number };
}

test('S15: resets during 4 × 1,000 writes keep count and sum consistent and lose nothing; naive reset loses writes', async (t) => {
  const EACH = 1_000;
  const expected = PROCESSES * EACH;
  const results = await runProcesses<Result>('S15reset', prefix, { each: EACH, resetEvery: 100 });
  const store = new RedisStore({ client, prefix });
  const final = await new Metrics({ store })
    .summary({ name: 'ratio', help: 'ratio', scale: 10_000 })
    .get();
  const snapshots = results[0]!.snapshots;
  const counted = snapshots.reduce((n, s) => n + s.count, 0) + final.count;
  const summed = snapshots.reduce((n, s) => n + s.sum * 10_000, 0) + final.sum * 10_000;
  const naiveBefore = results[0]!.naiveBefore!;
  const naiveFinal = await naiveSnapshot(client, `${prefix}naive:ratio`);
  const naiveCounted = naiveBefore.count + naiveFinal.count;
  t.diagnostic(
    `S15 reset during ${PROCESSES}×${fmt(EACH)} writes: naive before+after ${fmt(naiveCounted)} of ${fmt(expected)} | raceless ${snapshots.length} resets, before+after ${fmt(counted)} of ${fmt(expected)}, every snapshot mean 0.35`,
  );
  assert.equal(snapshots.length, 10);
  for (const s of [...snapshots, final]) {
    assert.equal(
      Math.round(s.sum * 10_000),
      s.count * 3_500,
      `inconsistent snapshot ${JSON.stringify(s)}`,
    );
    if (s.count > 0) assert.equal(s.mean, 0.35);
  }
  assert.equal(counted, expected);
  assert.equal(Math.round(summed), expected * 3_500);
  assert.ok(naiveCounted <= expected - (PROCESSES - 1), `naive kept ${naiveCounted}`);
});
