// S12: every callback server is closed exactly once, on every exit path (success, timeout,
// logout, authorization error, service shutdown), also under repeated/concurrent close, and
// its port is free afterwards. Real HTTP; scale: 5 flows, one per exit path.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { authorize, hit, portIsFree, startHarness, until, withParams } from './harness.js';

test('5 exit paths → 5 servers opened, 5 closed once each, ports free', async () => {
  const h = await startHarness(1_000);
  const outcomes: Promise<string>[] = [];
  const start = (session: string) =>
    outcomes.push(
      h.service.signIn(session).then(
        () => 'ok',
        (e: { code?: string }) => e.code ?? 'error',
      ),
    );
  try {
    start('ok');
    await h.openedCount(1);
    await hit(await authorize(h.opened[0]!.url));

    start('timeout');
    await h.openedCount(2);
    h.clock.advance(1_000);

    start('logout');
    await h.openedCount(3);
    await Promise.all([h.service.logout('logout'), h.service.logout('logout')]);

    start('denied');
    await h.openedCount(4);
    const callback = await authorize(h.opened[3]!.url);
    await hit(withParams(callback, { error: 'access_denied', code: '' }));

    start('shutdown');
    await h.openedCount(5);
    await Promise.all([h.service.close(), h.service.close()]);

    assert.deepEqual(await Promise.all(outcomes), [
      'ok',
      'ERR_TIMEOUT',
      'ERR_ABORTED',
      'error',
      'ERR_ABORTED',
    ]);
    await until(() => h.service.stats.serversClosed === 5, 'all servers closed');
    assert.equal(h.service.stats.serversOpened, 5);
    assert.equal(h.service.stats.serversClosed, 5);
    for (const port of h.service.stats.ports)
      assert.equal(await portIsFree(port), true, `port ${port}`);
  } finally {
    await h.dispose();
  }
});

test('naive check-await-clear cleanup calls server.close twice (ERR_SERVER_NOT_RUNNING)', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const errors: string[] = [];
  const owner: { server: typeof server | undefined } = { server };
  const cleanup = async () => {
    const s = owner.server;
    if (!s) return;
    await Promise.resolve();
    s.close((e) => {
      if (e) errors.push((e as NodeJS.ErrnoException).code ?? 'error');
    });
    owner.server = undefined;
  };
  await Promise.all([cleanup(), cleanup()]);
  await until(() => errors.length > 0 || !server.listening, 'close callbacks');
  await until(() => errors.length === 1, 'second close error');
  assert.deepEqual(errors, ['ERR_SERVER_NOT_RUNNING']);
});
