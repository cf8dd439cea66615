// S05 across processes: 4 child processes each start 50 concurrent `Registry.register` calls of
// one name on one Redis, at a Redis barrier. Exactly one wins; every loser gets
// AlreadyRegisteredError and its resource is disposed (the children count their disposals).
// The naive GET-then-SET registration at the same scale makes several owners.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { Registry } from '../../src/registry/Registry.js';
import { deletePrefix, ioredisClient, uniquePrefix } from '../redis/helpers.js';
import { fmt, PROCESSES, runProcesses } from './helpers.js';

const prefix = uniquePrefix('stress-s05');
const client = ioredisClient();
after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

interface S05Result {
  tokens: string[];
  rejected: number;
  created: number;
  disposed: number;
  naive: number;
}

test('S05: 4 processes × 50 registrations of one name make one owner and dispose every loser; naive makes several owners', async (t) => {
  const EACH = 50;
  const attempts = PROCESSES * EACH;
  const results = await runProcesses<S05Result>('S05', prefix, { each: EACH });
  const tokens = results.flatMap((r) => r.tokens);
  const rejected = results.reduce((n, r) => n + r.rejected, 0);
  const created = results.reduce((n, r) => n + r.created, 0);
  const disposed = results.reduce((n, r) => n + r.disposed, 0);
  const naive = results.reduce((n, r) => n + r.naive, 0);
  t.diagnostic(
    `S05 register ${PROCESSES}×${EACH}: naive ${naive} owners | raceless ${tokens.length} owner, ${fmt(rejected)} rejected, ${fmt(disposed)} disposed (per process ${results.map((r) => r.disposed).join('/')})`,
  );
  assert.equal(tokens.length, 1);
  assert.equal(rejected, attempts - 1);
  assert.equal(created, attempts);
  assert.equal(disposed, attempts - 1);
  const store = new RedisStore({ client, prefix });
  assert.equal((await new Registry('services', { store }).info('billing'))?.token, tokens[0]);
  assert.ok(naive >= PROCESSES, `naive made ${naive} owners`);
});
