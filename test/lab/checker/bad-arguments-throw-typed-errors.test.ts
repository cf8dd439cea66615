// Bad input to the checker and the models is refused with InvalidArgumentError /
// OutOfRangeError naming the argument.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, OutOfRangeError } from '../../../src/errors.js';
import {
  checkLinearizable,
  counterModel,
  fixedWindowModel,
  formatTimeline,
  keyedModel,
  leaseModel,
  type Model,
  registerModel,
} from '../../../src/lab/index.js';
import { op } from './ops.js';

const invalid = (argument: string) => (e: unknown) =>
  e instanceof InvalidArgumentError && e.argument === argument;
const outOfRange = (argument: string) => (e: unknown) =>
  e instanceof OutOfRangeError && e.argument === argument;
const get = op('a', { op: 'get', key: 'x' }, undefined, 1, 2);

test('checkLinearizable: history, operations, model and options', () => {
  const model = registerModel();
  assert.throws(() => checkLinearizable('x' as never, model), invalid('history'));
  assert.throws(
    () => checkLinearizable([op('a', {}, 1, 3, 2)], model),
    outOfRange('history[0].returnedAt'),
  );
  assert.throws(
    () => checkLinearizable([get, { ...get, invokedAt: '1' as never }], model),
    invalid('history[1].invokedAt'),
  );
  assert.throws(() => checkLinearizable([get, get], model), invalid('history[1]'));
  assert.throws(() => checkLinearizable([get], null as never), invalid('model'));
  assert.throws(
    () => checkLinearizable([get], { ...model, step: undefined } as never),
    invalid('model.step'),
  );
  assert.throws(
    () => checkLinearizable([get], model, { timeoutMs: 0 }),
    outOfRange('options.timeoutMs'),
  );
  assert.throws(
    () => checkLinearizable([get], model, { maxSteps: 1.5 }),
    outOfRange('options.maxSteps'),
  );
  assert.throws(() => checkLinearizable([get], model, { timeout: 5 } as never), invalid('options'));
  assert.throws(
    () => checkLinearizable([get], model, { shrink: 1 } as never),
    invalid('options.shrink'),
  );
  assert.throws(
    () => checkLinearizable([get], model, { optional: [get] }),
    invalid('options.optional[0]'),
  );
});

test('a partition function must place every operation exactly once', () => {
  const base = registerModel();
  const drops: Model<unknown, unknown, unknown> = {
    ...(base as unknown as Model<unknown, unknown, unknown>),
    partition: (ops) => [ops.slice(1)],
  };
  assert.throws(() => checkLinearizable([get, { ...get }], drops), invalid('model.partition'));
});

test('models refuse inputs and options they do not know', () => {
  assert.throws(
    () => checkLinearizable([op('a', { op: 'push', key: 'x' }, 1, 1, 2)], registerModel()),
    invalid('input.op'),
  );
  assert.throws(
    () => checkLinearizable([op('a', { op: 'increment' }, 1, 1, 2)], counterModel()),
    invalid('input.key'),
  );
  assert.throws(
    () =>
      checkLinearizable([op('a', { op: 'increment', key: 'n', by: 0.5 }, 1, 1, 2)], counterModel()),
    outOfRange('input.by'),
  );
  assert.throws(() => fixedWindowModel({ limit: 0 }), outOfRange('options.limit'));
  assert.throws(() => fixedWindowModel(undefined as never), outOfRange('options.limit'));
  assert.throws(() => counterModel({ initial: Number.NaN }), outOfRange('options.initial'));
  assert.throws(
    () =>
      checkLinearizable(
        [op('a', { op: 'acquire', key: 'l', owner: 7 }, { granted: true, token: 1 }, 1, 2)],
        leaseModel(),
      ),
    invalid('input.owner'),
  );
  assert.throws(() => keyedModel({} as never), invalid('cell.init'));
  assert.throws(() => formatTimeline('x' as never, registerModel()), invalid('ops'));
});
