/**
 * A fake OAuth 2.0 authorization server (authorization code + PKCE S256) on 127.0.0.1, port 0.
 * `GET /authorize` redirects straight back with a code (the "user" is `login_hint`);
 * `POST /token` redeems a code once, checking its PKCE verifier and redirect URI.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closer } from '../../src/sync/closer.js';

interface Grant {
  readonly challenge: string;
  readonly redirectUri: string;
  readonly user: string;
  redeemed: boolean;
}

/** A running fake authorization server. */
export interface FakeAuthServer {
  /** Base URL, e.g. `http://127.0.0.1:50123`. */
  readonly url: string;
  /** Every `POST /token` request received. */
  readonly tokenRequests: () => number;
  /** Successful code redemptions. */
  readonly tokensIssued: () => number;
  /** Runs before each token response; tests use it to hold or fail an exchange. */
  beforeToken: (() => Promise<void>) | undefined;
  /** Closes the server (idempotent). */
  readonly close: () => Promise<void>;
}

function base64url(buf: Buffer): string {
  return buf.toString('base64url');
}

/** PKCE S256 challenge of `verifier`. */
export function challengeOf(verifier: string): string {
  return base64url(createHash('sha256').update(verifier).digest());
}

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify(value));
}

/** Starts the fake server on 127.0.0.1 with an OS-assigned port. */
export async function startFakeAuthServer(): Promise<FakeAuthServer> {
  const grants = new Map<string, Grant>();
  let tokenRequests = 0;
  let tokensIssued = 0;
  const api: { beforeToken: (() => Promise<void>) | undefined } = { beforeToken: undefined };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      const code = base64url(randomBytes(12));
      grants.set(code, {
        challenge: url.searchParams.get('code_challenge') ?? '',
        redirectUri,
        user: url.searchParams.get('login_hint') ?? 'anonymous',
        redeemed: false,
      });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString(), connection: 'close' }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      tokenRequests++;
      void (async () => {
        const form = await body(req);
        await api.beforeToken?.();
        const grant = grants.get(form.get('code') ?? '');
        const ok =
          grant !== undefined &&
          !grant.redeemed &&
          grant.redirectUri === form.get('redirect_uri') &&
          grant.challenge === challengeOf(form.get('code_verifier') ?? '');
        if (!ok || grant === undefined) {
          json(res, 400, { error: 'invalid_grant' });
          return;
        }
        grant.redeemed = true;
        tokensIssued++;
        json(res, 200, {
          access_token: `access-for-${grant.user}-${tokensIssued}`,
          token_type: 'Bearer',
        });
      })().catch((error: unknown) => json(res, 500, { error: String(error) }));
      return;
    }
    res.writeHead(404, { connection: 'close' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = closer(
    () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    tokenRequests: () => tokenRequests,
    tokensIssued: () => tokensIssued,
    get beforeToken() {
      return api.beforeToken;
    },
    set beforeToken(fn) {
      api.beforeToken = fn;
    },
    close,
  };
}
