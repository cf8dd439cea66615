// S10 residual / rule: a late signal for an old flow cannot settle a new one.
// Scale: flow 1 of a session, replaced by flow 2, then flow 1's late completion arrives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Deferred } from '../../../src/sync/Deferred.js';
import { SessionResolvers } from '../../naive/sessionResolver.js';
import { stateOf } from '../helpers.js';

test('resolveIf with the old flow id is refused by the new flow', async () => {
  const current = new Map<string, Deferred<string>>();
  const flow1 = new Deferred<string>();
  current.set('session', flow1);
  flow1.reject(new Error('user restarted sign-in'));
  const flow2 = new Deferred<string>();
  current.set('session', flow2);
  // Flow 1's callback arrives late, carrying flow 1's identity.
  assert.equal(current.get('session')?.resolveIf(flow1.id, 'token-of-flow-1'), false);
  assert.equal(flow2.state, 'pending');
  assert.equal(flow2.lateSettleAttempts, 1);
  assert.equal(current.get('session')?.resolveIf(flow2.id, 'token-of-flow-2'), true);
  assert.equal(await flow2.promise, 'token-of-flow-2');
});

test('naive resolver keyed by session: the late signal settles flow 2 with flow 1’s token', async () => {
  const naive = new SessionResolvers();
  const flow1 = naive.start('session');
  naive.signalError('session', new Error('user restarted sign-in'));
  await assert.rejects(flow1);
  const flow2 = naive.start('session');
  naive.signalCompletion('session', 'token-of-flow-1');
  assert.equal(await stateOf(flow2), 'fulfilled');
  assert.equal(await flow2, 'token-of-flow-1');
});
