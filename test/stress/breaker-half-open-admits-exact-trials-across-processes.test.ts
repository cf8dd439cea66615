// A CircuitBreaker shared by 4 child processes through one Redis: process 0 trips it; once it
// is half-open every process fires 25 calls at once (100 in all) at a Redis barrier; trials
// hold until every call is decided. Exactly `halfOpenTrials` (2) run, every other call gets
// BreakerOpenError, and the two successes close it. The naive trial counter (GET, then SET)
// at the same scale runs more trials (each process's first check reads 0 before any writes).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { deletePrefix, ioredisClient, uniquePrefix } from '../redis/helpers.js';
import { PROCESSES, runProcesses } from './helpers.js';

const prefix = uniquePrefix('stress-breaker');
const client = ioredisClient();
after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

interface Result {
  trials: number;
  rejected: number;
  naive: number;
  state: string;
}

test('CircuitBreaker: 4 processes × 25 calls on a half-open breaker run exactly 2 trials; naive runs more', async (t) => {
  const EACH = 25;
  const TRIALS = 2;
  const results = await runProcesses<Result>('breaker', prefix, { each: EACH, trials: TRIALS });
  const trials = results.reduce((n, r) => n + r.trials, 0);
  const rejected = results.reduce((n, r) => n + r.rejected, 0);
  const naive = results.reduce((n, r) => n + r.naive, 0);
  t.diagnostic(
    `breaker half-open, ${PROCESSES}×${EACH} calls, halfOpenTrials ${TRIALS}: naive ${naive} trials | raceless ${trials} trials, ${rejected} rejected`,
  );
  assert.equal(trials, TRIALS);
  assert.equal(rejected, PROCESSES * EACH - TRIALS);
  assert.deepEqual(
    results.map((r) => r.state),
    Array(PROCESSES).fill('closed'),
  );
  assert.ok(naive > TRIALS, `naive ran ${naive} trials`);
});
