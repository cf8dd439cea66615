// S09: 10 concurrent sign-in starts for one session → 1 flow, 1 callback server, every caller
// gets the same tokens. Real HTTP on 127.0.0.1. Scale: 10 concurrent starts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listenLoopback } from '../../../examples/oauth-signin/loopbackServer.js';
import { CheckThenAwaitFlights } from '../../naive/checkThenAwaitFlight.js';
import { authorize, hit, startHarness } from './harness.js';

test('10 starts share 1 flow, 1 server and 1 result', async () => {
  const h = await startHarness();
  try {
    const callers = Array.from({ length: 10 }, () => h.service.signIn('alice'));
    await h.openedCount(1);
    assert.equal(await hit(await authorize(h.opened[0]!.url)), 200);
    const tokens = await Promise.all(callers);
    assert.equal(new Set(tokens.map((t) => t.accessToken)).size, 1);
    assert.equal(h.service.stats.flowsStarted, 1);
    assert.equal(h.service.stats.serversOpened, 1);
    assert.equal(h.opened.length, 1);
    assert.equal(h.auth.tokensIssued(), 1);
    assert.deepEqual(h.service.getSession('alice')?.tokens, tokens[0]);
  } finally {
    await h.dispose();
  }
});

test('naive check-then-await registration opens 10 callback servers', async () => {
  const naive = new CheckThenAwaitFlights<number>();
  const servers: { close: () => Promise<void> }[] = [];
  const flow = async () => {
    const server = await listenLoopback(
      (_, res) => res.end(),
      () => {},
    );
    servers.push(server);
    return server.port;
  };
  const starts = Array.from({ length: 10 }, () => naive.run('alice', flow, async () => {}));
  await Promise.all(starts);
  assert.equal(servers.length, 10);
  await Promise.all(servers.map((s) => s.close()));
});
