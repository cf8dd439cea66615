// An independent oracle: on small random histories (valid and corrupted), the verdict equals
// that of brute force — trying every order that respects real time, step by step on the model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkLinearizable,
  leaseModel,
  type Model,
  type Operation,
  registerModel,
} from '../../../src/lab/index.js';
import { rng, simulate } from './simulate.js';

function bruteForce<S, I, O>(history: readonly Operation<I, O>[], model: Model<S, I, O>): boolean {
  const done = new Array<boolean>(history.length).fill(false);
  const go = (state: S, left: number): boolean => {
    if (left === 0) return true;
    for (let i = 0; i < history.length; i++) {
      if (done[i]) continue;
      const o = history[i]!;
      // Every pending operation that returned before o was invoked must go first.
      if (history.some((p, j) => !done[j] && j !== i && p.returnedAt < o.invokedAt)) continue;
      const r = model.step(state, o.input, o.output);
      if (!r.ok) continue;
      done[i] = true;
      const found = go(r.state, left - 1);
      done[i] = false;
      if (found) return true;
    }
    return false;
  };
  return go(model.init(), history.length);
}

test('register histories of up to 7 operations: same verdict as brute force', () => {
  const model = registerModel<number>();
  let refused = 0;
  fc.assert(
    fc.property(fc.integer({ min: 1 }), fc.nat(), fc.nat(2), (seed, which, value) => {
      const random = rng(seed);
      const history = simulate(
        model,
        3,
        2 + (seed % 2),
        () => {
          const x = random();
          if (x < 0.4) return { op: 'get', key: 'k' } as const;
          if (x < 0.8) return { op: 'set', key: 'k', value: Math.floor(random() * 3) } as const;
          return { op: 'compareAndSet', key: 'k', expected: 1, next: 2 } as const;
        },
        random,
      );
      const i = which % history.length;
      if (history[i]!.input.op === 'get') history[i] = { ...history[i]!, output: value };
      const verdict = checkLinearizable(history, model).ok;
      assert.equal(verdict, bruteForce(history, model));
      if (verdict === false) refused++;
    }),
    { numRuns: 150 },
  );
  assert.ok(refused > 0);
});

test('lease histories of up to 6 operations: same verdict as brute force', () => {
  const model = leaseModel();
  fc.assert(
    fc.property(fc.integer({ min: 1 }), fc.nat(), (seed, which) => {
      const random = rng(seed);
      const history = simulate(
        model,
        3,
        2,
        (a) => {
          const owner = `o${a}`;
          return random() < 0.6
            ? ({ op: 'acquire', key: 'l', owner } as const)
            : ({ op: 'release', key: 'l', owner } as const);
        },
        random,
      );
      const i = which % history.length;
      const o = history[i]!;
      if (seed % 2 === 0) {
        history[i] = {
          ...o,
          output: typeof o.output === 'boolean' ? !o.output : { granted: true, token: 1 },
        };
      }
      assert.equal(checkLinearizable(history, model).ok, bruteForce(history, model));
    }),
    { numRuns: 150 },
  );
});
