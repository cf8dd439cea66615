/**
 * S11 — duplicate browser callbacks (refresh, favicon) exchange one code twice; a stray callback
 * with a wrong `state` aborts the real sign-in (seed 002 #3, residual). In-process.
 *
 * 100 flows; each receives, in a random order, the real callback, a refresh duplicate, a favicon
 * request (no code) and a callback with a wrong `state`.
 * - naive: every callback with a code exchanges it; a wrong `state` fails the flow.
 * - raceless: invalid callbacks are answered and ignored; the exchange runs once per flow
 *   (`once`), every valid duplicate shares it.
 * Expected: one token exchange per flow, every flow signed in.
 */
import { once } from '../../sync/once.js';
import type { LocalScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S11. */
export interface S11Params {
  readonly flows: number;
}

interface Callback {
  readonly code?: string;
  readonly state?: string;
}

/** S11, in-process. */
export const s11: LocalScenario<S11Params> = {
  kind: 'local',
  id: 'S11',
  title: 'duplicate and stray callbacks: one token exchange',
  params: (scale) => ({ flows: scaled(100, scale, 5) }),
  async run(variant, p) {
    let exchanges = 0;
    let signedIn = 0;
    await Promise.all(
      Array.from({ length: p.flows }, async (_, f) => {
        const state = `state-${f}`;
        const exchange = async (code: string) => {
          exchanges++;
          await io();
          return `token-for-${code}`;
        };
        const callbacks: Callback[] = [
          { code: `code-${f}`, state },
          { code: `code-${f}`, state },
          {},
          { code: 'stolen', state: 'wrong' },
        ].sort(() => Math.random() - 0.5);
        let failed = false;
        let token: string | undefined;
        const exchangeOnce = once(() => exchange(`code-${f}`));
        await Promise.all(
          callbacks.map(async (cb) => {
            await io();
            if (variant === 'naive') {
              if (cb.code === undefined) return;
              if (cb.state !== state) {
                failed = true; // the stray callback aborts the real sign-in
                return;
              }
              if (!failed) token = await exchange(cb.code);
            } else {
              if (cb.code === undefined || cb.state !== state) return; // answered, ignored
              token = await exchangeOnce();
            }
          }),
        );
        if (token !== undefined && !failed) signedIn++;
      }),
    );
    return {
      expected: `${p.flows} exchanges · ${p.flows} signed in`,
      observed: `${exchanges} exchanges · ${signedIn} signed in`,
      exact: exchanges === p.flows && signedIn === p.flows,
      detail: `${p.flows} flows × 4 callbacks (real, duplicate, favicon, wrong state)`,
    };
  },
};
