// A decision whose Redis reply is lost (the script ran, then the connection "dropped") is not
// retried: 10 such consumes leave exactly 10 counted on Redis — and the fallback decides each
// once. A client that retries on a lost reply (the naive fix) counts 20 (rate-limit-redis #251).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { deletePrefix, ioredisClient, uniquePrefix } from '../redis/helpers.js';

const prefix = uniquePrefix('limit-lost-reply');
const io = ioredisClient();
after(async () => {
  await deletePrefix(io, prefix);
  io.disconnect();
});

/** Runs each script on the real Redis, then loses the reply (`retries` more runs first). */
function lostReplyClient(retries: number) {
  const fail = () => {
    throw new Error('read ECONNRESET (simulated: the reply was lost)');
  };
  const run = async (call: () => Promise<unknown>) => {
    for (let i = 0; i <= retries; i++) await call();
    return fail();
  };
  return {
    evalsha: (sha: string, n: number, ...rest: (string | number)[]) =>
      run(() => io.evalsha(sha, n, ...rest)),
    eval: (src: string, n: number, ...rest: (string | number)[]) =>
      run(() => io.eval(src, n, ...rest)),
  };
}

test('a lost reply is never retried: 10 consumes count 10 on Redis; the naive retry counts 20', async () => {
  const options = { algorithm: 'fixed-window' as const, limit: 100, windowMs: 60_000 };
  const healthy = new RateLimiter('api', {
    store: new RedisStore({ client: io, prefix }),
    ...options,
  });
  await healthy.peek('ada'); // loads the script, so no NOSCRIPT round trip below

  const fallback = new RateLimiter('api-local', { limit: 3, windowMs: 60_000 });
  const flaky = new RateLimiter('api', {
    store: new RedisStore({ client: lostReplyClient(0), prefix }),
    ...options,
    onStoreError: fallback,
  });
  const results = [];
  for (let i = 0; i < 10; i++) results.push(await flaky.consume('ada'));
  assert.equal(results.filter((r) => r.allowed).length, 3);
  assert.ok(results.every((r) => r.degraded === 'fallback'));
  assert.equal((await healthy.peek('ada')).remaining, 90);

  const naive = new RateLimiter('api', {
    store: new RedisStore({ client: lostReplyClient(1), prefix }),
    ...options,
    onStoreError: 'fail-open',
  });
  for (let i = 0; i < 10; i++) await naive.consume('bob');
  assert.equal(
    (await healthy.peek('bob')).remaining,
    80,
    'the retrying client counted each call twice',
  );
});
