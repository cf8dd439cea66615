// A Deferred settles once; state is exact at every instant; a second attempt returns false.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Deferred } from '../../../src/sync/Deferred.js';

test('first settle wins and state follows synchronously', async () => {
  const d = new Deferred<number>();
  assert.equal(d.state, 'pending');
  assert.equal(d.resolve(1), true);
  assert.equal(d.state, 'resolved');
  assert.equal(d.reject(new Error('late')), false);
  assert.equal(d.resolve(2), false);
  assert.equal(d.state, 'resolved');
  assert.equal(await d.promise, 1);
});

test('rejected state; ids are unique', async () => {
  const a = new Deferred<number>();
  const b = new Deferred<number>();
  assert.notEqual(a.id, b.id);
  assert.equal(a.reject(new Error('no')), true);
  assert.equal(a.state, 'rejected');
  await assert.rejects(a.promise, /no/);
});

test('an unobserved rejection does not crash the process', async () => {
  const d = new Deferred<number>();
  d.reject(new Error('nobody listens'));
  await new Promise((r) => setImmediate(r));
  assert.equal(d.state, 'rejected');
});
