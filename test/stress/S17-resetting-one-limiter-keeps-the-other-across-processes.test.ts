// S17 across processes: two RateLimiters, `auth` and `api` (limit 5 each, one key), on one
// Redis store. 4 child processes × 250 attempts alternating between them (8 in flight per
// process), then process 0 resets `api`, then 4 × 250 more. `auth` admits exactly 5 over the
// whole run (the reset of `api` left its counts), `api` exactly 10 (5 before, 5 after its reset).
// The naive limiter (one count per user shared by both, reset by DEL) at the same scale admits
// `auth` calls again after `api`'s reset.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { deletePrefix, ioredisClient, uniquePrefix } from '../redis/helpers.js';
import { fmt, PROCESSES, runProcesses } from './helpers.js';

const prefix = uniquePrefix('stress-s17');
const client = ioredisClient();
after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

interface Result {
  admitted: { auth: number; api: number };
  naive: { auth: number; api: number };
}

test('S17: resetting limiter api during a 4-process run leaves limiter auth at exactly 5; naive reset frees auth too', async (t) => {
  const EACH = 250;
  const LIMIT = 5;
  const results = await runProcesses<Result>('S17', prefix, { each: EACH, limit: LIMIT });
  const sum = (pick: (r: Result) => number) => results.reduce((n, r) => n + pick(r), 0);
  const auth = sum((r) => r.admitted.auth);
  const api = sum((r) => r.admitted.api);
  const naiveAuth = sum((r) => r.naive.auth);
  const naiveApi = sum((r) => r.naive.api);
  t.diagnostic(
    `S17 two limiters, ${PROCESSES}×${fmt(2 * EACH)} attempts, api reset half-way: naive auth ${naiveAuth} (api ${naiveApi}) | raceless auth ${auth} (expected ${LIMIT}), api ${api} (expected ${2 * LIMIT})`,
  );
  assert.equal(auth, LIMIT);
  assert.equal(api, 2 * LIMIT);
  assert.ok(naiveAuth > LIMIT, `naive auth admitted ${naiveAuth}`);
});
