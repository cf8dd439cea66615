// The witness of a refusal is minimal: it cannot be linearized whatever the rest of the history
// did, while removing any single operation of it (letting it be taken or left out like the rest)
// makes it linearizable. It is also a non-linearizable sub-history on its own. Checked on
// histories with one anomaly buried among many valid calls, and on randomly corrupted histories.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkLinearizable,
  counterModel,
  formatTimeline,
  type Model,
  type Operation,
  registerModel,
} from '../../../src/lab/index.js';
import { op } from './ops.js';
import { rng, simulate } from './simulate.js';

function assertMinimal<S, I, O>(history: Operation[], model: Model<S, I, O>): Operation[] {
  const r = checkLinearizable(history, model);
  assert.ok(r.ok === false, 'refused');
  assert.equal(r.fullyShrunk, true);
  const minimal: Operation[] = r.minimal;
  const rest = (keep: Operation[]) => history.filter((o) => !keep.includes(o));
  assert.equal(checkLinearizable(minimal, model).ok, false, 'not linearizable by itself');
  assert.equal(checkLinearizable(minimal, model, { optional: rest(minimal) }).ok, false);
  for (const removed of minimal) {
    const smaller = minimal.filter((o) => o !== removed);
    const verdict = checkLinearizable(smaller, model, { optional: rest(smaller) }).ok;
    assert.equal(
      verdict,
      true,
      `still refused without ${model.describe(removed as Operation<I, O>)}`,
    );
  }
  return minimal;
}

test('a stale read among 60 valid calls: the witness is the read and one later write or read', () => {
  const history: Operation[] = [];
  let t = 0;
  for (let i = 1; i <= 20; i++) {
    history.push(op('w', { op: 'set', key: 'x', value: i }, undefined, ++t, ++t));
    history.push(op('r', { op: 'get', key: 'x' }, i, ++t, ++t));
    history.push(op('s', { op: 'get', key: 'y' }, undefined, t - 1, t));
  }
  const stale = op('r', { op: 'get', key: 'x' }, 3, ++t, ++t);
  history.push(stale);
  const witness = assertMinimal(history, registerModel());
  assert.equal(witness.length, 2);
  assert.ok(witness.includes(stale));
  const other = witness.find((o) => o !== stale)!;
  const input = other.input as { op: string; value?: number };
  const seen = input.op === 'set' ? input.value : other.output;
  assert.ok((seen as number) > 3);
});

test('the report shows the witness as a per-actor timeline', () => {
  const a = op('alice', { op: 'increment', key: 'n' }, 1, 1, 3);
  const b = op('bob', { op: 'increment', key: 'n' }, 1, 2, 4);
  const r = checkLinearizable([a, b], counterModel());
  assert.ok(r.ok === false);
  const timeline = formatTimeline([a, b], counterModel());
  assert.match(r.report, /alice\s+\[---\]\s+#0\s+t=1\.\.3\s+increment\("n", 1\) → 1/);
  assert.match(r.report, /bob\s+\[---\]\s+#1\s+t=2\.\.4\s+increment\("n", 1\) → 1/);
  assert.match(timeline, /^actor\s+timeline\s+operation\nalice\s+\[---\]\s+t=1\.\.3/);
});

test('randomly corrupted counter and register histories: every witness is minimal', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1 }),
      fc.nat(),
      fc.integer({ min: -2, max: 2 }),
      (seed, which, delta) => {
        const random = rng(seed);
        const counter = counterModel();
        const history = simulate(
          counter,
          3,
          6,
          (a) =>
            ({ op: random() < 0.7 ? 'increment' : 'get', key: a % 2 === 0 ? 'n' : 'm' }) as const,
          random,
        );
        const i = which % history.length;
        const o = history[i]!;
        history[i] = { ...o, output: (o.output as number) + (delta === 0 ? 1 : delta) };
        if (checkLinearizable(history, counter).ok === false) assertMinimal(history, counter);
      },
    ),
    { numRuns: 60 },
  );
  fc.assert(
    fc.property(fc.integer({ min: 1 }), fc.nat(), (seed, which) => {
      const random = rng(seed);
      const register = registerModel<number>();
      const history = simulate(
        register,
        3,
        6,
        () =>
          random() < 0.5
            ? ({ op: 'get', key: 'x' } as const)
            : ({ op: 'set', key: 'x', value: Math.floor(random() * 4) } as const),
        random,
      );
      const i = which % history.length;
      const o = history[i]!;
      if (o.input.op === 'get') history[i] = { ...o, output: Math.floor(random() * 4) };
      if (checkLinearizable(history, register).ok === false) assertMinimal(history, register);
    }),
    { numRuns: 60 },
  );
});
