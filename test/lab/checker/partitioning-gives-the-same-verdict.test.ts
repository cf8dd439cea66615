// P-compositionality: checking each key's sub-history alone gives the same verdict as searching
// the whole history at once (unpartitioned), on random multi-key histories — valid ones and
// ones with a corrupted output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkLinearizable,
  counterModel,
  insertIfAbsentModel,
  registerModel,
  unpartitioned,
} from '../../../src/lab/index.js';
import { rng, simulate } from './simulate.js';

const keys = ['a', 'b', ['c', 1]] as const;

test('register: same verdict with and without partitioning', () => {
  const model = registerModel<number>();
  let refused = 0;
  fc.assert(
    fc.property(fc.integer({ min: 1 }), fc.nat(), fc.nat(3), (seed, which, value) => {
      const random = rng(seed);
      const pickKey = () => keys[Math.floor(random() * keys.length)]!;
      const history = simulate(
        model,
        3,
        5,
        () =>
          random() < 0.5
            ? ({ op: 'get', key: pickKey() } as const)
            : ({ op: 'set', key: pickKey(), value: Math.floor(random() * 3) } as const),
        random,
      );
      const i = which % history.length;
      if (history[i]!.input.op === 'get') history[i] = { ...history[i]!, output: value };
      const split = checkLinearizable(history, model);
      const whole = checkLinearizable(history, unpartitioned(model));
      assert.notEqual(split.ok, 'unknown');
      assert.equal(whole.ok, split.ok);
      if (split.ok === false) refused++;
    }),
    { numRuns: 80 },
  );
  assert.ok(refused > 0, 'some corrupted histories were refused');
});

test('counter and insert-if-absent: same verdict with and without partitioning', () => {
  const counter = counterModel();
  const map = insertIfAbsentModel<number>();
  fc.assert(
    fc.property(fc.integer({ min: 1 }), fc.nat(), fc.boolean(), (seed, which, corrupt) => {
      const random = rng(seed);
      const pickKey = () => keys[Math.floor(random() * keys.length)]!;
      const counts = simulate(
        counter,
        3,
        5,
        () => ({ op: 'increment' as const, key: pickKey() }),
        random,
      );
      const inserts = simulate(
        map,
        3,
        5,
        (a) =>
          random() < 0.6
            ? ({ op: 'insertNew', key: pickKey(), value: a } as const)
            : ({ op: 'take', key: pickKey() } as const),
        random,
      );
      if (corrupt) {
        const i = which % counts.length;
        counts[i] = { ...counts[i]!, output: (counts[i]!.output as number) - 1 };
        const j = which % inserts.length;
        const o = inserts[j]!;
        inserts[j] = { ...o, output: o.input.op === 'insertNew' ? !o.output : undefined };
      }
      assert.equal(
        checkLinearizable(counts, unpartitioned(counter)).ok,
        checkLinearizable(counts, counter).ok,
      );
      assert.equal(
        checkLinearizable(inserts, unpartitioned(map)).ok,
        checkLinearizable(inserts, map).ok,
      );
    }),
    { numRuns: 80 },
  );
});
