// S03 across processes: 4 child processes × 500 `RateLimiter.consume` attempts (8 in flight per
// process) at limit 5 on one Redis, for each algorithm, started at a Redis barrier. Exactly 5
// are admitted; the naive check-then-increment at the same scale admits more (each process's
// first check reads 0 before any process writes).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { deletePrefix, ioredisClient, uniquePrefix } from '../redis/helpers.js';
import { fmt, PROCESSES, runProcesses } from './helpers.js';

const prefix = uniquePrefix('stress-s03');
const client = ioredisClient();
after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

interface S03Result {
  admitted: Record<string, number>;
  naive: number;
}

test('S03: 4 processes × 500 consumes at limit 5 admit exactly 5 on every algorithm; naive admits more', async (t) => {
  const EACH = 500;
  const LIMIT = 5;
  const results = await runProcesses<S03Result>('S03', prefix, { each: EACH, limit: LIMIT });
  const naive = results.reduce((n, r) => n + r.naive, 0);
  const algorithms = Object.keys(results[0]!.admitted);
  const admitted = Object.fromEntries(
    algorithms.map((a) => [a, results.reduce((n, r) => n + r.admitted[a]!, 0)]),
  );
  t.diagnostic(
    `S03 consume ${PROCESSES}×${fmt(EACH)} at limit ${LIMIT}: naive admitted ${naive} | raceless admitted ${algorithms.map((a) => `${a} ${admitted[a]}`).join(', ')}`,
  );
  assert.equal(algorithms.length, 4);
  for (const a of algorithms) assert.equal(admitted[a], LIMIT, a);
  assert.ok(naive > LIMIT, `naive admitted ${naive}`);
});
