// S09 residual: the error path of an old flow must not remove the entry of the next flow.
// Flow 1 is cancelled by logout; flow 2 starts; flow 1's cleanup then runs → a new start must
// still join flow 2 (2 flows in total, not 3). Real HTTP; scale: 3 starts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckThenAwaitFlights } from '../../naive/checkThenAwaitFlight.js';
import { flush, gate } from '../../sync/helpers.js';
import { authorize, hit, startHarness } from './harness.js';

test('flow 1 failing after flow 2 started leaves flow 2 the current one', async () => {
  const h = await startHarness();
  try {
    const first = h.service.signIn('carol');
    await h.openedCount(1);
    const flow1 = h.service.currentFlowId('carol');
    await h.service.logout('carol');
    await assert.rejects(first, { code: 'ERR_ABORTED' });
    const second = h.service.signIn('carol');
    await h.openedCount(2);
    const flow2 = h.service.currentFlowId('carol');
    assert.notEqual(flow1, flow2);
    const third = h.service.signIn('carol');
    assert.equal(await hit(await authorize(h.opened[1]!.url)), 200);
    const [t2, t3] = await Promise.all([second, third]);
    assert.equal(t2.accessToken, t3.accessToken);
    assert.equal(h.service.stats.flowsStarted, 2);
  } finally {
    await h.dispose();
  }
});

test('naive unguarded finally deletes flow 2’s entry and a 3rd flow starts', async () => {
  const naive = new CheckThenAwaitFlights<string>();
  const flow1 = gate<string>();
  const flow2 = gate<string>();
  const first = naive.run('carol', () => flow1.promise).catch(() => 'failed');
  await flush();
  naive.active.delete('carol'); // logout
  const second = naive.run('carol', () => flow2.promise);
  await flush();
  flow1.reject(new Error('flow 1 failed'));
  await first;
  const third = naive.run('carol', async () => 'third flow');
  flow2.resolve('flow 2');
  await Promise.all([second, third]);
  assert.equal(naive.runs, 3);
});
