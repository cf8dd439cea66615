// When the search budget runs out the answer is 'unknown' — never success — whether the budget
// is in steps (deterministic) or in milliseconds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLinearizable, type Operation, registerModel } from '../../../src/lab/index.js';
import { op } from './ops.js';
import { rng, simulate } from './simulate.js';

/** 24 overlapping writes of distinct values and a read of a value nobody wrote: exponential. */
function hard(): Operation[] {
  const history: Operation[] = [];
  for (let i = 0; i < 24; i++) {
    history.push(op(`w${i}`, { op: 'set', key: 'x', value: i }, undefined, i, 100 + i));
  }
  history.push(op('r', { op: 'get', key: 'x' }, 99, 50, 200));
  return history;
}

test('maxSteps: a linearizable history checked with too few steps is unknown', () => {
  const model = registerModel<number>();
  const random = rng(1);
  const history = simulate(
    model,
    5,
    40,
    () => ({ op: 'set', key: 'x', value: Math.floor(random() * 5) }) as const,
    random,
  );
  assert.equal(checkLinearizable(history, model).ok, true);
  const r = checkLinearizable(history, model, { maxSteps: 10 });
  assert.equal(r.ok, 'unknown');
  assert.ok(r.ok === 'unknown');
  assert.equal(r.reason, 'steps');
  assert.match(r.report, /nothing is proven/);
});

test('timeoutMs: an exponential search stops with unknown', () => {
  const r = checkLinearizable(hard(), registerModel<number>(), { timeoutMs: 20 });
  assert.equal(r.ok, 'unknown');
  assert.ok(r.ok === 'unknown');
  assert.equal(r.reason, 'timeout');
});

test('a budget that runs out while shrinking still refuses, marked not fully shrunk', () => {
  const model = registerModel<number>();
  const history = [
    op('a', { op: 'set', key: 'x', value: 1 }, undefined, 1, 2),
    op('a', { op: 'set', key: 'x', value: 2 }, undefined, 3, 4),
    op('b', { op: 'get', key: 'x' }, 1, 5, 6),
    op('b', { op: 'get', key: 'x' }, 2, 7, 8),
  ];
  const full = checkLinearizable(history, model);
  assert.ok(full.ok === false && full.fullyShrunk);
  const r = checkLinearizable(history, model, { maxSteps: 12 });
  assert.ok(r.ok === false, 'the refusal itself was proven');
  assert.equal(r.fullyShrunk, false);
  assert.match(r.report, /may not be minimal/);
  const unshrunk = checkLinearizable(history, model, { shrink: false });
  assert.ok(unshrunk.ok === false);
  assert.equal(unshrunk.minimal.length, 4);
});
