// A late or duplicate settle attempt is counted and published on 'raceless:deferred' (only when
// someone subscribes).
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { Deferred, type DeferredEvent } from '../../../src/sync/Deferred.js';

test('duplicate and wrong-id attempts are counted and published', () => {
  const events: DeferredEvent[] = [];
  const listener = (e: unknown) => events.push(e as DeferredEvent);
  diagnostics_channel.subscribe('raceless:deferred', listener);
  try {
    const d = new Deferred<string>({ label: 'flow' });
    d.resolve('a');
    d.resolve('b');
    d.reject(new Error('c'));
    d.resolveIf(d.id + 1000, 'd');
    assert.equal(d.lateSettleAttempts, 3);
    assert.deepEqual(
      events.map((e) => [e.id === d.id, e.label, e.attempt, e.why, e.state]),
      [
        [true, 'flow', 'resolve', 'already-settled', 'resolved'],
        [true, 'flow', 'reject', 'already-settled', 'resolved'],
        [true, 'flow', 'resolve', 'wrong-id', 'resolved'],
      ],
    );
  } finally {
    diagnostics_channel.unsubscribe('raceless:deferred', listener);
  }
});
