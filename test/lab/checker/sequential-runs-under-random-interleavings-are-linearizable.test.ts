// Property: a history produced by actors running a sequential model — each call taking effect
// at one instant between its invoke and its return, under a random interleaving — is accepted
// by every built-in model, with a linearization that is valid (checked independently).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkLinearizable,
  counterModel,
  fixedWindowModel,
  insertIfAbsentModel,
  type KeyedInput,
  type KeyedModel,
  leaseModel,
  registerModel,
} from '../../../src/lab/index.js';
import { assertValidLinearization } from './ops.js';
import { simulate } from './simulate.js';

const key = fc.constantFrom('a', 'b', 7);
const small = fc.integer({ min: 0, max: 3 });

/** Runs the property for one model: inputs from `input`, interleaving from fast-check. */
function linearizableByConstruction<S, I extends KeyedInput, O>(
  model: KeyedModel<S, I, O>,
  input: fc.Arbitrary<I>,
): void {
  fc.assert(
    fc.property(
      fc.array(input, { minLength: 1, maxLength: 40 }),
      fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
        minLength: 1,
        maxLength: 64,
      }),
      fc.integer({ min: 1, max: 6 }),
      (inputs, choices, actors) => {
        let k = 0;
        const random = () => choices[k++ % choices.length]!;
        const per = Math.ceil(inputs.length / actors);
        const history = simulate(
          model,
          actors,
          per,
          (a, i) => inputs[(a * per + i) % inputs.length]!,
          random,
        );
        const r = checkLinearizable(history, model);
        assert.equal(r.ok, true, r.ok === false ? r.report : 'unknown');
        if (r.ok === true) assertValidLinearization(history, r.linearization, model);
      },
    ),
    { numRuns: 60 },
  );
}

test('register', () => {
  linearizableByConstruction(
    registerModel<number>(),
    fc.oneof(
      fc.record({ op: fc.constant('get' as const), key }),
      fc.record({ op: fc.constant('set' as const), key, value: small }),
      fc.record({
        op: fc.constant('compareAndSet' as const),
        key,
        expected: fc.option(small, { nil: undefined }),
        next: small,
      }),
      fc.record({ op: fc.constant('delete' as const), key }),
    ),
  );
});

test('counter', () => {
  linearizableByConstruction(
    counterModel(),
    fc.oneof(
      fc.record({
        op: fc.constant('increment' as const),
        key,
        by: fc.integer({ min: -2, max: 3 }),
      }),
      fc.record({ op: fc.constant('get' as const), key }),
    ),
  );
});

test('insert-if-absent', () => {
  linearizableByConstruction(
    insertIfAbsentModel<number>(),
    fc.oneof(
      fc.record({ op: fc.constant('insertNew' as const), key, value: small }),
      fc.record({ op: fc.constantFrom('get' as const, 'delete' as const, 'take' as const), key }),
    ),
  );
});

test('fixed window', () => {
  linearizableByConstruction(
    fixedWindowModel({ limit: 3 }),
    fc.record({
      op: fc.constant('consume' as const),
      key,
      windowId: fc.integer({ min: 0, max: 2 }),
      cost: fc.integer({ min: 0, max: 4 }),
    }),
  );
});

test('lease', () => {
  const owner = fc.constantFrom('a', 'b', 'c');
  const at = fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined });
  const ttl = fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined });
  linearizableByConstruction(
    leaseModel(),
    fc.oneof(
      fc.record({
        op: fc.constantFrom('acquire' as const, 'extend' as const),
        key,
        owner,
        at,
        ttl,
      }),
      fc.record({ op: fc.constant('release' as const), key, owner, at }),
    ),
  );
});
