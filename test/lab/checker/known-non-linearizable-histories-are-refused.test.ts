// Classic anomalies are refused, each with a two-operation witness: a stale read after a later
// write completed, two increments both returning 1, two insertNew both true, two takers getting
// one value, an over-admitting limiter, two holders of one lease, a fencing token going back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkLinearizable,
  counterModel,
  fixedWindowModel,
  insertIfAbsentModel,
  leaseModel,
  type Model,
  type Operation,
  registerModel,
} from '../../../src/lab/index.js';
import { op } from './ops.js';

/** Refused, with a minimal witness of two operations that includes `include`. */
function refuses<S, I, O>(history: Operation[], model: Model<S, I, O>, include: Operation[]): void {
  const r = checkLinearizable(history, model);
  assert.equal(r.ok, false);
  assert.ok(r.ok === false);
  assert.equal(r.fullyShrunk, true);
  assert.equal(r.minimal.length, 2, r.report);
  for (const o of include) assert.ok((r.minimal as Operation[]).includes(o), r.report);
  assert.match(r.report, /^not linearizable/);
}

test('register: a read returns an old value after a later write completed', () => {
  const w1 = op('a', { op: 'set', key: 'x', value: 1 }, undefined, 1, 2);
  const w2 = op('a', { op: 'set', key: 'x', value: 2 }, undefined, 3, 4);
  const r = op('b', { op: 'get', key: 'x' }, 1, 5, 6);
  refuses([w1, w2, r], registerModel(), [w2, r]);
});

test('register: two compareAndSet from absent both succeed', () => {
  const a = op('a', { op: 'compareAndSet', key: 'x', expected: undefined, next: 'a' }, true, 1, 4);
  const b = op('b', { op: 'compareAndSet', key: 'x', expected: undefined, next: 'b' }, true, 2, 3);
  refuses([a, b], registerModel(), [a, b]);
});

test('counter: two increments both return 1', () => {
  const a = op('a', { op: 'increment', key: 'n' }, 1, 1, 3);
  const b = op('b', { op: 'increment', key: 'n' }, 1, 2, 4);
  const c = op('c', { op: 'increment', key: 'm' }, 1, 2, 4);
  refuses([a, b, c], counterModel(), [a, b]);
});

test('insert-if-absent: two insertNew on one key both return true', () => {
  const a = op('a', { op: 'insertNew', key: 'job', value: 'a' }, true, 1, 4);
  const b = op('b', { op: 'insertNew', key: 'job', value: 'b' }, true, 2, 3);
  refuses([a, b], insertIfAbsentModel(), [a, b]);
});

test('insert-if-absent: two takers both get the one value', () => {
  const put = op('a', { op: 'insertNew', key: 'job', value: 7 }, true, 1, 2);
  const t1 = op('b', { op: 'take', key: 'job' }, 7, 3, 6);
  const t2 = op('c', { op: 'take', key: 'job' }, 7, 4, 5);
  refuses([put, t1, t2], insertIfAbsentModel(), [t1, t2]);
});

test('fixed window: limit 1, two calls in one window both allowed', () => {
  const m = fixedWindowModel({ limit: 1 });
  const a = op(
    'a',
    { op: 'consume', key: 'ip', windowId: 3 },
    { allowed: true, remaining: 0 },
    1,
    4,
  );
  const b = op(
    'b',
    { op: 'consume', key: 'ip', windowId: 3 },
    { allowed: true, remaining: 0 },
    2,
    3,
  );
  refuses([a, b], m, [a, b]);
});

test('lease: two owners granted the lease at once (with the same token)', () => {
  const c = op('c', { op: 'acquire', key: 'db', owner: 'c' }, { granted: true, token: 1 }, 1, 2);
  const rc = op('c', { op: 'release', key: 'db', owner: 'c' }, true, 3, 4);
  const a = op('a', { op: 'acquire', key: 'db', owner: 'a' }, { granted: true, token: 2 }, 5, 8);
  const b = op('b', { op: 'acquire', key: 'db', owner: 'b' }, { granted: true, token: 2 }, 6, 7);
  refuses([c, rc, a, b], leaseModel(), [a, b]);
});

test('lease: a fencing token goes back in real time', () => {
  const b = op('b', { op: 'acquire', key: 'db', owner: 'b' }, { granted: true, token: 1 }, 1, 2);
  const rb = op('b', { op: 'release', key: 'db', owner: 'b' }, true, 3, 4);
  const a = op('a', { op: 'acquire', key: 'db', owner: 'a' }, { granted: true, token: 2 }, 5, 6);
  const ra = op('a', { op: 'release', key: 'db', owner: 'a' }, true, 7, 8);
  const c = op('c', { op: 'acquire', key: 'db', owner: 'c' }, { granted: true, token: 1 }, 9, 10);
  refuses([b, rb, a, ra, c], leaseModel(), [c]);
});
