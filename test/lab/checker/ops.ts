// Test helpers: hand-written operations, and an independent check of a claimed linearization.
import assert from 'node:assert/strict';
import type { Model, Operation } from '../../../src/lab/index.js';

/** An operation by hand: `op('a', input, output, invokedAt, returnedAt)`. */
export function op(
  actor: string,
  input: unknown,
  output: unknown,
  invokedAt: number,
  returnedAt: number,
): Operation {
  return { actor, input, output, invokedAt, returnedAt };
}

/**
 * Asserts that `linearization` holds every operation of `history` once, respects real time
 * (an operation that returned before another was invoked comes first), and that the model
 * accepts it step by step from its initial state.
 */
export function assertValidLinearization<S, I, O>(
  history: readonly Operation[],
  linearization: readonly Operation[],
  model: Model<S, I, O>,
): void {
  assert.equal(linearization.length, history.length);
  assert.equal(new Set(linearization).size, history.length);
  for (const o of history) assert.ok(linearization.includes(o), 'every operation is linearized');
  for (let i = 0; i < linearization.length; i++) {
    for (let j = i + 1; j < linearization.length; j++) {
      assert.ok(
        !(linearization[j]!.returnedAt < linearization[i]!.invokedAt),
        `real-time order broken between positions ${i} and ${j}`,
      );
    }
  }
  let state = model.init();
  for (const o of linearization) {
    const r = model.step(state, o.input as I, o.output as O);
    assert.ok(r.ok, `the model refuses ${model.describe(o as Operation<I, O>)}`);
    state = r.state;
  }
}
