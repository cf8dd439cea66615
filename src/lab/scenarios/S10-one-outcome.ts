/**
 * S10 — timeout and completion race to settle one promise; duplicate signals; signals carry no
 * per-flow identity, so a late signal settles a newer flow (seed 002 #2, residual). In-process.
 *
 * 200 trials; in each, success, error and timeout fire at random offsets (0–3 ms), then a new
 * flow starts and the old flow's late success arrives.
 * - naive: each signal calls the flow's `finish` (no guard); the late signal goes to "the
 *   current flow".
 * - raceless: `Deferred`: the first settle wins, later ones are refused and counted;
 *   `resolveIf(id)` settles only the flow with that identity.
 * Expected: exactly one outcome per trial; no late signal applied to a newer flow.
 */
import { Deferred } from '../../sync/Deferred.js';
import type { LocalScenario } from '../types.js';
import { scaled } from './util.js';

/** Parameters of S10. */
export interface S10Params {
  readonly trials: number;
}

const after = (ms: number, fn: () => void) =>
  new Promise<void>((resolve) =>
    setTimeout(() => {
      fn();
      resolve();
    }, ms),
  );

/** S10, in-process. */
export const s10: LocalScenario<S10Params> = {
  kind: 'local',
  id: 'S10',
  title: 'timeout vs success vs error: exactly one outcome',
  params: (scale) => ({ trials: scaled(200, scale, 10) }),
  async run(variant, p) {
    let wrongOutcomes = 0;
    let crossFlow = 0;
    await Promise.all(
      Array.from({ length: p.trials }, async () => {
        const offsets = [0, 1, 2].map(() => Math.floor(Math.random() * 4));
        if (variant === 'naive') {
          let outcomes = 0;
          let current = { outcomes: 0 };
          const flow = current;
          const finish = () => {
            outcomes++;
            current.outcomes++;
          };
          await Promise.all(offsets.map((ms) => after(ms, finish)));
          current = { outcomes: 0 }; // a newer flow
          finish(); // the old flow's late success lands on whichever flow is current
          if (flow.outcomes !== 1 || outcomes < 1) wrongOutcomes++;
          if (current.outcomes > 0) crossFlow++;
        } else {
          const flow = new Deferred<string>();
          let outcomes = 0;
          flow.promise.then(
            () => outcomes++,
            () => outcomes++,
          );
          await Promise.all([
            after(offsets[0]!, () => flow.resolve('token')),
            after(offsets[1]!, () => flow.reject(new Error('denied'))),
            after(offsets[2]!, () => flow.reject(new Error('timeout'))),
          ]);
          const newer = new Deferred<string>();
          newer.resolveIf(flow.id, 'late token'); // refused: not this flow
          newer.resolve('fresh');
          await newer.promise;
          await flow.promise.catch(() => {});
          if (outcomes !== 1 || flow.lateSettleAttempts !== 2) wrongOutcomes++;
          if ((await newer.promise) !== 'fresh') crossFlow++;
        }
      }),
    );
    return {
      expected: '0 trials ≠ 1 outcome · 0 cross-flow',
      observed: `${wrongOutcomes} trials ≠ 1 outcome · ${crossFlow} cross-flow`,
      exact: wrongOutcomes === 0 && crossFlow === 0,
      detail: `${p.trials} trials, 3 signals each at random offsets, then a late signal`,
    };
  },
};
