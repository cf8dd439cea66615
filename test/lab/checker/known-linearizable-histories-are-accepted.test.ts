// Histories that are linearizable — several only in an order that differs from the order the
// calls started in — are accepted with a valid linearization, for every built-in model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotFoundError } from '../../../src/errors.js';
import {
  checkLinearizable,
  counterModel,
  fixedWindowModel,
  insertIfAbsentModel,
  leaseModel,
  type Model,
  type Operation,
  registerModel,
  thrown,
} from '../../../src/lab/index.js';
import { assertValidLinearization, op } from './ops.js';

function accepts<S, I, O>(history: Operation[], model: Model<S, I, O>): Operation[] {
  const r = checkLinearizable(history, model);
  assert.equal(r.ok, true, r.ok === false ? r.report : 'unknown');
  assert.ok(r.ok === true);
  assertValidLinearization(history, r.linearization, model);
  return r.linearization;
}

test('register: a long write takes effect after a shorter one it overlaps', () => {
  const a = op('a', { op: 'set', key: 'x', value: 1 }, undefined, 1, 10);
  const b = op('b', { op: 'set', key: 'x', value: 2 }, undefined, 2, 3);
  const c = op('c', { op: 'get', key: 'x' }, 2, 4, 5);
  const d = op('d', { op: 'get', key: 'x' }, 1, 6, 7);
  assert.deepEqual(accepts([a, b, c, d], registerModel()), [b, c, a, d]);
});

test('register: of two overlapping compareAndSet from absent, the later-starting one wins', () => {
  const a = op(
    'a',
    { op: 'compareAndSet', key: 'x', expected: undefined, next: 'a' },
    false,
    1,
    10,
  );
  const b = op('b', { op: 'compareAndSet', key: 'x', expected: undefined, next: 'b' }, true, 2, 3);
  const c = op('c', { op: 'get', key: 'x' }, 'b', 11, 12);
  const d = op('c', { op: 'delete', key: 'x' }, true, 13, 14);
  const e = op('c', { op: 'get', key: 'x' }, undefined, 15, 16);
  assert.deepEqual(accepts([a, b, c, d, e], registerModel()), [b, a, c, d, e]);
});

test('counter: the call that started first may return the larger value', () => {
  const a = op('a', { op: 'increment', key: 'n', by: 1 }, 2, 1, 10);
  const b = op('b', { op: 'increment', key: 'n', by: 1 }, 1, 2, 3);
  const c = op('b', { op: 'get', key: 'n' }, 1, 4, 5);
  assert.deepEqual(accepts([a, b, c], counterModel()), [b, c, a]);
});

test('insert-if-absent: insertNew false before the overlapping insertNew that won; take once', () => {
  const a = op('a', { op: 'insertNew', key: 'job', value: 'a' }, false, 1, 10);
  const b = op('b', { op: 'insertNew', key: 'job', value: 'b' }, true, 2, 3);
  const c = op('c', { op: 'take', key: 'job' }, 'b', 4, 12);
  const d = op('d', { op: 'take', key: 'job' }, undefined, 5, 11);
  accepts([a, b, c, d], insertIfAbsentModel());
});

test('fixed window: overlapping consumes ordered by what they saw', () => {
  const m = fixedWindowModel({ limit: 2 });
  const a = op(
    'a',
    { op: 'consume', key: 'ip', windowId: 7 },
    { allowed: true, remaining: 0 },
    1,
    10,
  );
  const b = op(
    'b',
    { op: 'consume', key: 'ip', windowId: 7 },
    { allowed: true, remaining: 1 },
    2,
    3,
  );
  const c = op(
    'c',
    { op: 'consume', key: 'ip', windowId: 7 },
    { allowed: false, remaining: 0 },
    4,
    11,
  );
  const d = op(
    'd',
    { op: 'consume', key: 'ip', windowId: 8, cost: 2 },
    { allowed: true, remaining: 0 },
    12,
    13,
  );
  assert.deepEqual(accepts([a, b, c, d], m), [b, a, c, d]);
});

test('lease: a long acquire is granted after a release it overlaps, with the next token', () => {
  const a = op('a', { op: 'acquire', key: 'db', owner: 'a' }, { granted: true, token: 2 }, 1, 10);
  const b = op('b', { op: 'acquire', key: 'db', owner: 'b' }, { granted: true, token: 1 }, 2, 3);
  const c = op('b', { op: 'release', key: 'db', owner: 'b' }, true, 4, 5);
  const d = op('c', { op: 'extend', key: 'db', owner: 'a', at: 20, ttl: 5 }, true, 11, 12);
  const e = op('c', { op: 'acquire', key: 'db', owner: 'c', at: 24 }, { granted: false }, 13, 14);
  const f = op(
    'c',
    { op: 'acquire', key: 'db', owner: 'c', at: 25, ttl: 5 },
    { granted: true, token: 3 },
    15,
    16,
  );
  assert.deepEqual(accepts([a, b, c, d, e, f], leaseModel()), [b, c, a, d, e, f]);
});

test('a call that threw changed nothing and fits anywhere', () => {
  const a = op('a', { op: 'increment', key: 'n' }, 1, 1, 2);
  const b = op('b', { op: 'increment', key: 'n' }, thrown(new NotFoundError('n')), 3, 4);
  const c = op('a', { op: 'increment', key: 'n' }, 2, 5, 6);
  accepts([a, b, c], counterModel());
});

test('equal timestamps count as concurrent; keys are independent', () => {
  const a = op('a', { op: 'set', key: ['t', 1], value: 1 }, undefined, 5, 5);
  const b = op('b', { op: 'get', key: ['t', 1] }, undefined, 5, 5);
  const c = op('c', { op: 'get', key: ['t', 2] }, undefined, 6, 7);
  const r = checkLinearizable([a, b, c], registerModel());
  assert.ok(r.ok === true);
  assert.equal(r.partitions, 2);
  assertValidLinearization([a, b, c], r.linearization, registerModel());
  assert.deepEqual(checkLinearizable([], registerModel()), {
    ok: true,
    linearization: [],
    partitions: 0,
  });
});
