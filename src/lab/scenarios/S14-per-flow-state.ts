/**
 * S14 — one shared client instance holds per-flow fields (verifier, state) (seed 002 #6).
 * In-process.
 *
 * 100 concurrent sign-in flows; each stores its PKCE verifier, awaits the browser, then
 * exchanges its code with the verifier it stored.
 * - naive: the verifier is a field of one shared client: the last flow to start overwrites it.
 * - raceless: every flow gets its own state object (nothing per-flow on a shared instance).
 * Expected: every flow exchanges with its own verifier.
 */
import type { LocalScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S14. */
export interface S14Params {
  readonly flows: number;
}

/** S14, in-process. */
export const s14: LocalScenario<S14Params> = {
  kind: 'local',
  id: 'S14',
  title: 'concurrent flows: isolated per-flow state',
  params: (scale) => ({ flows: scaled(100, scale, 5) }),
  async run(variant, p) {
    const shared: { verifier?: string } = {};
    let contaminated = 0;
    await Promise.all(
      Array.from({ length: p.flows }, async (_, f) => {
        const mine = `verifier-${f}`;
        const flow = variant === 'naive' ? shared : ({} as { verifier?: string });
        flow.verifier = mine;
        for (let i = 0; i <= f % 3; i++) await io(); // the browser round trip
        if (flow.verifier !== mine) contaminated++;
      }),
    );
    return {
      expected: '0 contaminated flows',
      observed: `${contaminated} contaminated flows`,
      exact: contaminated === 0,
      detail: `${p.flows} concurrent flows`,
    };
  },
};
