// S11: duplicate, favicon and wrong-state callbacks → exactly one token exchange, and the real
// flow survives the stray ones. Real HTTP; scale: 1 flow, 3 strays, 5 duplicates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeAuthServer } from '../../../examples/oauth-signin/fakeAuthServer.js';
import { NaiveCallbackClient } from '../../naive/naiveCallbackClient.js';
import { gate } from '../../sync/helpers.js';
import { authorize, hit, startHarness, until, withParams } from './harness.js';

test('strays are answered and ignored; duplicates share the one exchange', async () => {
  const h = await startHarness();
  try {
    const signIn = h.service.signIn('dave');
    await h.openedCount(1);
    const callback = await authorize(h.opened[0]!.url);
    const base = new URL(callback);
    assert.equal(await hit(`${base.origin}/favicon.ico`), 404);
    assert.equal(await hit(withParams(callback, { state: 'forged' })), 400);
    assert.equal(await hit(withParams(callback, { state: '' })), 400);
    assert.equal(h.service.stats.tokenExchanges, 0, 'no stray reached the exchange');
    // Hold the token endpoint until all 5 duplicates are in, so they truly overlap.
    const release = gate();
    h.auth.beforeToken = () => release.promise;
    const duplicates = Array.from({ length: 5 }, () => hit(callback));
    await until(() => h.service.stats.callbacksReceived === 8, '5 duplicate callbacks');
    release.resolve();
    assert.deepEqual(await Promise.all(duplicates), [200, 200, 200, 200, 200]);
    const tokens = await signIn;
    assert.match(tokens.accessToken, /^access-for-dave-/);
    assert.equal(h.service.stats.tokenExchanges, 1);
    assert.equal(h.auth.tokenRequests(), 1);
    assert.equal(h.service.stats.callbacksIgnored, 3);
  } finally {
    await h.dispose();
  }
});

test('naive client: duplicates exchange the code twice and a wrong state aborts the sign-in', async () => {
  const auth = await startFakeAuthServer();
  try {
    const naive = await NaiveCallbackClient.start(auth.url);
    const callback = await authorize(naive.authorizeUrl);
    await Promise.all([hit(callback), hit(callback)]);
    assert.equal(auth.tokenRequests(), 2, 'one code exchanged twice');

    const naive2 = await NaiveCallbackClient.start(auth.url);
    const callback2 = await authorize(naive2.authorizeUrl);
    await hit(withParams(callback2, { state: 'forged' }));
    assert.equal(naive2.outcome, 'aborted', 'the stray killed the real sign-in');
    await naive.close();
    await naive2.close();
  } finally {
    await auth.close();
  }
});
