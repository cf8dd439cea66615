/**
 * A loopback HTTP server on 127.0.0.1 (port 0) whose close runs exactly once, however many
 * paths (success, error, timeout, logout, shutdown) ask for it.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Closer, closer } from '../../src/sync/closer.js';

/** A listening loopback server. */
export interface LoopbackServer {
  readonly port: number;
  /** Idempotent: every caller shares one close; the port is free when it resolves. */
  readonly close: Closer;
}

/** Listens on 127.0.0.1 with an OS-assigned port. `onClosed` runs once, after the close. */
export async function listenLoopback(
  handler: RequestListener,
  onClosed: () => void,
): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const close = closer(
    () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => {
          onClosed();
          if (e) reject(e);
          else resolve();
        });
        // In-flight answers finish (every response says `connection: close`); idle sockets go now.
        server.closeIdleConnections();
      }),
  );
  return { port, close };
}
