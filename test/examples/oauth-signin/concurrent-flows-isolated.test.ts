// S14: concurrent flows never share per-flow state: each gets its own state, verifier, server
// and tokens. Real HTTP (PKCE is checked by the fake server). Scale: 5 sessions at once,
// completed in reverse order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeAuthServer } from '../../../examples/oauth-signin/fakeAuthServer.js';
import { SharedOAuthClient } from '../../naive/sharedOAuthClient.js';
import { authorize, hit, startHarness } from './harness.js';

const USERS = ['u0', 'u1', 'u2', 'u3', 'u4'];

test('5 concurrent sessions each get their own tokens', async () => {
  const h = await startHarness();
  try {
    const signIns = USERS.map((u) => h.service.signIn(u));
    await h.openedCount(USERS.length);
    assert.equal(new Set(h.service.stats.ports).size, USERS.length, 'one server per flow');
    for (const { url } of [...h.opened].reverse())
      assert.equal(await hit(await authorize(url)), 200);
    const tokens = await Promise.all(signIns);
    tokens.forEach((t, i) => {
      assert.match(t.accessToken, new RegExp(`^access-for-${USERS[i]}-`));
      assert.deepEqual(h.service.getSession(USERS[i]!)?.tokens, t);
    });
    assert.equal(h.auth.tokensIssued(), USERS.length);
  } finally {
    await h.dispose();
  }
});

test('naive shared client instance: later flows overwrite the verifier; 4 of 5 fail', async () => {
  const auth = await startFakeAuthServer();
  try {
    const client = new SharedOAuthClient(auth.url);
    const urls = await Promise.all(USERS.map((u) => client.start(u)));
    const codes = await Promise.all(
      urls.map(async (u) => new URL(await authorize(u)).searchParams.get('code') ?? ''),
    );
    const results = [];
    for (const code of codes) results.push(await client.exchange(code));
    assert.equal(results.filter((ok) => !ok).length, 4);
  } finally {
    await auth.close();
  }
});
