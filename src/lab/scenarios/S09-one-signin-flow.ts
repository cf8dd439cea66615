/**
 * S09 — concurrent sign-in starts spawn parallel OAuth flows (seed 002 #1, residual: 10
 * concurrent starts still gave 10 flows). In-process.
 *
 * 10 concurrent starts for one session, repeated for 100 sessions.
 * - naive: `if (!flows.has(s)) { await preparePort(); flows.set(s, startFlow()) }` — every start
 *   passes the check before any sets it.
 * - raceless: `SingleFlight#run(session, startFlow)`: one flow per session, every caller shares
 *   its result.
 * Expected: one flow (one callback server) per session; every caller gets that flow's token.
 */
import { SingleFlight } from '../../sync/SingleFlight.js';
import type { LocalScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S09. */
export interface S09Params {
  readonly sessions: number;
  readonly starts: number;
}

/** S09, in-process. */
export const s09: LocalScenario<S09Params> = {
  kind: 'local',
  id: 'S09',
  title: 'concurrent sign-in starts: one flow per session',
  params: (scale) => ({ sessions: scaled(100, scale, 5), starts: 10 }),
  async run(variant, p) {
    let flows = 0;
    const startFlow = async (session: number) => {
      const flow = ++flows; // opens a callback server, makes a verifier
      await io();
      await io();
      return `token-${session}-${flow}`;
    };
    const naiveFlows = new Map<number, Promise<string>>();
    const single = new SingleFlight<number, string>();
    const start = async (session: number): Promise<string> => {
      if (variant === 'raceless')
        return (await single.run(session, () => startFlow(session))).value;
      if (!naiveFlows.has(session)) {
        await io(); // find a free port first
        naiveFlows.set(session, startFlow(session));
      }
      return naiveFlows.get(session)!;
    };
    const tokens = await Promise.all(
      Array.from({ length: p.sessions }, (_, s) =>
        Promise.all(Array.from({ length: p.starts }, () => start(s))),
      ),
    );
    const split = tokens.filter((ts) => new Set(ts).size !== 1).length;
    return {
      expected: `${p.sessions} flows · 0 split sessions`,
      observed: `${flows} flows · ${split} split sessions`,
      exact: flows === p.sessions && split === 0,
      detail: `${p.sessions} sessions × ${p.starts} concurrent starts`,
    };
  },
};
