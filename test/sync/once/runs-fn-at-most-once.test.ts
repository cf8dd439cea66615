// once(fn): fn runs at most once; every call returns the first result or rethrows its error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../../../src/errors.js';
import { once } from '../../../src/sync/once.js';

test('concurrent callers share the first call’s promise', async () => {
  let calls = 0;
  const init = once(async () => ++calls);
  const [a, b] = await Promise.all([init(), init()]);
  assert.equal(calls, 1);
  assert.equal(a, 1);
  assert.equal(b, 1);
});

test('a throw is remembered, not retried; re-entry throws', () => {
  let calls = 0;
  const boom = once(() => {
    calls++;
    throw new Error('boom');
  });
  assert.throws(boom, /boom/);
  assert.throws(boom, /boom/);
  assert.equal(calls, 1);
  const reentrant: () => number = once(() => reentrant());
  assert.throws(reentrant, /re-entrant/);
  assert.throws(() => once(1 as never), InvalidArgumentError);
});
