// Test helper: histories that are linearizable by construction. Actors run a sequential model
// (`apply`) under a random interleaving: each call is invoked, takes effect at one instant, and
// returns later, with every other actor free to act in between.
import type { KeyedInput, KeyedModel, Operation } from '../../../src/lab/index.js';

/** A small deterministic PRNG (mulberry32), so failures reproduce from their seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Runs `actors` actors of `opsPerActor` calls each (inputs from `input(actor, i)`) against
 * `model.apply` under the interleaving drawn by `random`. Timestamps are event numbers.
 */
export function simulate<S, I extends KeyedInput, O>(
  model: KeyedModel<S, I, O>,
  actors: number,
  opsPerActor: number,
  input: (actor: number, i: number) => I,
  random: () => number,
): Operation<I, O>[] {
  type Phase =
    | { kind: 'idle'; done: number }
    | { kind: 'invoked'; done: number; input: I; at: number }
    | { kind: 'applied'; done: number; input: I; at: number; output: O };
  const phases: Phase[] = Array.from({ length: actors }, () => ({ kind: 'idle', done: 0 }));
  let state = model.init();
  let time = 0;
  const ops: Operation<I, O>[] = [];
  for (;;) {
    const busy = phases.flatMap((p, a) => (p.kind !== 'idle' || p.done < opsPerActor ? [a] : []));
    if (busy.length === 0) return ops;
    const a = busy[Math.floor(random() * busy.length)]!;
    const p = phases[a]!;
    time++;
    if (p.kind === 'idle') {
      phases[a] = { kind: 'invoked', done: p.done, input: input(a, p.done), at: time };
    } else if (p.kind === 'invoked') {
      const r = model.apply(state, p.input);
      state = r.state;
      phases[a] = { ...p, kind: 'applied', output: r.output };
    } else {
      ops.push({
        actor: `a${a}`,
        input: p.input,
        output: p.output,
        invokedAt: p.at,
        returnedAt: time,
      });
      phases[a] = { kind: 'idle', done: p.done + 1 };
    }
  }
}
