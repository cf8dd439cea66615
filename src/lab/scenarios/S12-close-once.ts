/**
 * S12 — server cleanup called twice; ports left open; servers never closed on timeout
 * (seed 002 #4, residual). In-process, real loopback servers.
 *
 * 20 sign-in flows each open a callback server on 127.0.0.1; completion, error and logout all
 * clean up (concurrently), and one flow in four times out instead.
 * - naive: `cleanup() { if (server) { server.close(); } }` called from every path, and the
 *   timeout path forgets to call it.
 * - raceless: `closer(() => close the server)`: every path, the timeout included, shares one close.
 * Expected: every server closed exactly once; none left listening.
 */
import { createServer, type Server } from 'node:net';
import { closer } from '../../sync/closer.js';
import type { LocalScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S12. */
export interface S12Params {
  readonly flows: number;
}

const listen = () =>
  new Promise<Server>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });

/** S12, in-process. */
export const s12: LocalScenario<S12Params> = {
  kind: 'local',
  id: 'S12',
  title: 'callback servers: closed exactly once, also on timeout',
  params: (scale) => ({ flows: scaled(20, scale, 4) }),
  async run(variant, p) {
    let closeErrors = 0;
    const servers: Server[] = [];
    const rawClose = (s: Server) =>
      new Promise<void>((resolve) =>
        s.close((e) => {
          if (e) closeErrors++; // ERR_SERVER_NOT_RUNNING: closed twice
          resolve();
        }),
      );
    await Promise.all(
      Array.from({ length: p.flows }, async (_, f) => {
        const server = await listen();
        servers.push(server);
        const timesOut = f % 4 === 0;
        const cleanup =
          variant === 'naive'
            ? async () => {
                if (server) await rawClose(server);
              }
            : closer(() => rawClose(server));
        await io();
        if (timesOut) {
          if (variant === 'raceless') await cleanup(); // the timeout path closes too
          return;
        }
        await Promise.all([cleanup(), cleanup(), cleanup()]); // completion, error, logout
        await cleanup(); // and once more later
      }),
    );
    const open = servers.filter((s) => s.listening).length;
    await Promise.all(servers.filter((s) => s.listening).map((s) => rawClose(s)));
    return {
      expected: '0 double closes · 0 left open',
      observed: `${closeErrors} double closes · ${open} left open`,
      exact: closeErrors === 0 && open === 0,
      detail: `${p.flows} servers on 127.0.0.1, 1 in 4 timing out`,
    };
  },
};
