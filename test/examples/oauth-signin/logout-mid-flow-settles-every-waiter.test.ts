// S09: logout during a flow settles every waiter (AbortedError), closes the callback server, and
// a later callback for the cancelled flow is refused. Scale: 10 waiters on one flow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbortedError } from '../../../src/errors.js';
import { SessionResolvers } from '../../naive/sessionResolver.js';
import { stateOf } from '../../sync/helpers.js';
import { portIsFree, startHarness } from './harness.js';

test('all 10 waiters reject at logout; the server is closed and the port free', async () => {
  const h = await startHarness();
  try {
    const callers = Array.from({ length: 10 }, () => h.service.signIn('bob'));
    await h.openedCount(1);
    await h.service.logout('bob');
    const results = await Promise.allSettled(callers);
    assert.equal(
      results.filter((r) => r.status === 'rejected' && r.reason instanceof AbortedError).length,
      10,
    );
    assert.equal(h.service.stats.serversClosed, 1);
    assert.equal(await portIsFree(h.service.stats.ports[0]!), true);
    assert.equal(h.service.getSession('bob'), undefined);
  } finally {
    await h.dispose();
  }
});

test('naive: logout deletes the flow’s entries and the 10 waiters hang forever', async () => {
  const naive = new SessionResolvers();
  const flow = naive.start('bob');
  const callers = Array.from({ length: 10 }, () => flow);
  naive.logout('bob');
  naive.signalError('bob', new Error('too late: the entry is gone'));
  assert.equal(await stateOf(Promise.race(callers)), 'pending');
});
