/**
 * Seed 002 #3 and its residual: the callback guard is a flag checked, then set after an await
 * (request validation), so duplicate callbacks both exchange the code; and a callback with the
 * wrong `state` aborts the sign-in instead of being ignored. `validation` lets a test hold the
 * await until both duplicates have arrived, so the interleaving is deterministic.
 */
import { randomBytes } from 'node:crypto';
import { challengeOf } from '../../examples/oauth-signin/fakeAuthServer.js';
import { type LoopbackServer, listenLoopback } from '../../examples/oauth-signin/loopbackServer.js';

export class NaiveCallbackClient {
  callbackProcessed = false;
  outcome: 'pending' | 'ok' | 'aborted' | 'error' = 'pending';
  arrivals = 0;
  authorizeUrl = '';
  readonly state = randomBytes(8).toString('hex');
  readonly verifier = randomBytes(32).toString('base64url');
  #server: LoopbackServer | undefined;
  #onArrival: (() => void) | undefined;
  #arrivedTwice: Promise<void>;

  private constructor(private readonly authUrl: string) {
    this.#arrivedTwice = new Promise((resolve) => {
      this.#onArrival = () => {
        if (this.arrivals >= 2) resolve();
      };
    });
  }

  static async start(authUrl: string): Promise<NaiveCallbackClient> {
    const client = new NaiveCallbackClient(authUrl);
    client.#server = await listenLoopback(
      (req, res) => void client.#handle(req.url ?? '/', res),
      () => {},
    );
    const u = new URL('/authorize', authUrl);
    u.searchParams.set('redirect_uri', client.#redirectUri());
    u.searchParams.set('state', client.state);
    u.searchParams.set('code_challenge', challengeOf(client.verifier));
    client.authorizeUrl = u.toString();
    return client;
  }

  close(): Promise<void> {
    return this.#server?.close() ?? Promise.resolve();
  }

  #redirectUri(): string {
    return `http://127.0.0.1:${this.#server?.port}/callback`;
  }

  async #handle(path: string, res: import('node:http').ServerResponse): Promise<void> {
    const url = new URL(path, 'http://127.0.0.1');
    if (url.searchParams.get('state') !== this.state) {
      this.outcome = 'aborted';
      res.writeHead(400, { connection: 'close' }).end();
      return;
    }
    if (this.callbackProcessed) {
      res.writeHead(200, { connection: 'close' }).end('already processed');
      return;
    }
    this.arrivals++;
    this.#onArrival?.();
    // "Validate the request" — an await between the check and the set. The test's duplicates
    // both arrive before it finishes (bounded: the second one is already in flight).
    await Promise.race([this.#arrivedTwice, new Promise((r) => setTimeout(r, 200))]);
    this.callbackProcessed = true;
    const response = await fetch(new URL('/token', this.authUrl), {
      method: 'POST',
      body: new URLSearchParams({
        code: url.searchParams.get('code') ?? '',
        code_verifier: this.verifier,
        redirect_uri: this.#redirectUri(),
      }),
    });
    await response.arrayBuffer();
    this.outcome = response.ok ? 'ok' : 'error';
    res.writeHead(200, { connection: 'close' }).end();
  }
}
