/**
 * A small OAuth sign-in service in the shape of seed 002 (a CLI/MCP server signing a user in
 * through the browser): start a flow, receive the browser's redirect on a loopback callback
 * server, exchange the code for tokens, store them in the session; logout. Built only on
 * raceless's sync primitives, one per race of the seed:
 *
 * - S09 parallel flows  → `SingleFlight` per session (10 starts, 1 flow; identity-guarded cleanup)
 * - S10 settle races    → a `Deferred` per flow with a deadline; signals settle by flow identity
 * - S11 duplicate/stray callbacks → `once` token exchange; wrong `state` answered and ignored
 * - S12 double cleanup  → `closer` for the loopback server, called from every exit path
 * - S13 session map     → `KeyedMutex` per session for async read-modify-write
 * - S14 shared client   → all per-flow fields live in a `Flow` object, never on the service
 * - S16 supervision     → every flow runs in a `TaskGroup`; `close()` aborts and awaits them
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../src/clock.js';
import { AbortedError } from '../../src/errors.js';
import { Deferred } from '../../src/sync/Deferred.js';
import { KeyedMutex } from '../../src/sync/KeyedMutex.js';
import { once } from '../../src/sync/once.js';
import { SingleFlight } from '../../src/sync/SingleFlight.js';
import { TaskGroup } from '../../src/sync/TaskGroup.js';
import { challengeOf } from './fakeAuthServer.js';
import { type LoopbackServer, listenLoopback } from './loopbackServer.js';

/** Tokens returned by the authorization server. */
export interface Tokens {
  readonly accessToken: string;
}

/** What the service keeps per session. */
export interface Session {
  readonly tokens?: Tokens | undefined;
  readonly [field: string]: unknown;
}

/** Options of {@link SignInService}. */
export interface SignInOptions {
  /** Base URL of the authorization server. */
  readonly authServerUrl: string;
  readonly clientId: string;
  /** Shows the authorization URL to the user (tests play the browser). */
  readonly openBrowser: (url: string, sessionId: string) => void;
  /** How long a flow waits for the browser (default 120 s). */
  readonly flowTimeoutMs?: number;
  readonly clock?: Clock;
}

/** Counters the tests read. */
export interface SignInStats {
  flowsStarted: number;
  serversOpened: number;
  serversClosed: number;
  tokenExchanges: number;
  callbacksIgnored: number;
  callbacksReceived: number;
  readonly ports: number[];
}

/** Everything one flow owns. Nothing per-flow is stored on the service (S14). */
interface Flow {
  readonly sessionId: string;
  readonly state: string;
  readonly verifier: string;
  readonly result: Deferred<Tokens>;
  server?: LoopbackServer;
}

type Outcome = { ok: true; tokens: Tokens } | { ok: false; error: unknown };

export class SignInService {
  readonly stats: SignInStats = {
    flowsStarted: 0,
    serversOpened: 0,
    serversClosed: 0,
    tokenExchanges: 0,
    callbacksIgnored: 0,
    callbacksReceived: 0,
    ports: [],
  };
  readonly #options: SignInOptions;
  readonly #flights = new SingleFlight<string, Tokens>();
  readonly #current = new Map<string, Flow>();
  readonly #sessions = new Map<string, Session>();
  readonly #sessionLocks = new KeyedMutex<string>();
  readonly #tasks = new TaskGroup({ policy: 'collect' });

  constructor(options: SignInOptions) {
    this.#options = options;
  }

  /**
   * Signs `sessionId` in. Concurrent calls for one session share one flow and its outcome.
   * `signal` stops only this caller's wait.
   */
  async signIn(sessionId: string, options?: { signal?: AbortSignal }): Promise<Tokens> {
    const { value } = await this.#flights.run(
      sessionId,
      () => this.#supervisedFlow(sessionId),
      options,
    );
    return value;
  }

  /** Ends the session: a running flow is cancelled (every waiter rejects), tokens dropped. */
  async logout(sessionId: string): Promise<void> {
    this.#flights.forget(sessionId);
    const flow = this.#current.get(sessionId);
    if (flow) {
      this.#current.delete(sessionId);
      flow.result.reject(new AbortedError('signed out'));
      await flow.server?.close();
    }
    await this.#sessionLocks.runExclusive(sessionId, () => this.#sessions.delete(sessionId));
  }

  /** Async read-modify-write of one session, serialised per session (S13). */
  updateSession(sessionId: string, fn: (session: Session) => Promise<Session>): Promise<Session> {
    return this.#sessionLocks.runExclusive(sessionId, async () => {
      const next = await fn(this.#sessions.get(sessionId) ?? {});
      this.#sessions.set(sessionId, next);
      return next;
    });
  }

  /** The stored session, if any. */
  getSession(sessionId: string): Session | undefined {
    return this.#sessions.get(sessionId);
  }

  /** The current flow's identity for `sessionId` (for tests and logs). */
  currentFlowId(sessionId: string): number | undefined {
    return this.#current.get(sessionId)?.result.id;
  }

  /** Late or duplicate signals the current flow of `sessionId` refused. */
  lateSignals(sessionId: string): number {
    return this.#current.get(sessionId)?.result.lateSettleAttempts ?? 0;
  }

  /** Aborts every flow and waits until each has closed its server. */
  close(): Promise<void> {
    return this.#tasks.close();
  }

  async #supervisedFlow(sessionId: string): Promise<Tokens> {
    // The task reports its outcome as a value: flow errors belong to the callers, not the group.
    const outcome = await this.#tasks.spawn<Outcome>((signal) =>
      this.#runFlow(sessionId, signal).then(
        (tokens) => ({ ok: true, tokens }),
        (error: unknown) => ({ ok: false, error }),
      ),
    );
    if (!outcome.ok) throw outcome.error;
    return outcome.tokens;
  }

  async #runFlow(sessionId: string, signal: AbortSignal): Promise<Tokens> {
    this.stats.flowsStarted++;
    const verifier = randomBytes(32).toString('base64url');
    const flow: Flow = {
      sessionId,
      state: randomBytes(16).toString('base64url'),
      verifier,
      result: new Deferred<Tokens>({
        timeoutMs: this.#options.flowTimeoutMs ?? 120_000,
        clock: this.#options.clock,
        label: `sign-in:${sessionId}`,
      }),
    };
    this.#current.set(sessionId, flow);
    const onAbort = () => flow.result.reject(new AbortedError('sign-in service closed'));
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      flow.server = await listenLoopback(
        this.#callbackHandler(flow),
        () => this.stats.serversClosed++,
      );
      this.stats.serversOpened++;
      this.stats.ports.push(flow.server.port);
      if (flow.result.state === 'pending')
        this.#options.openBrowser(this.#authorizeUrl(flow), sessionId);
      const tokens = await flow.result.promise;
      await this.updateSession(sessionId, async (s) => ({ ...s, tokens }));
      return tokens;
    } finally {
      signal.removeEventListener('abort', onAbort);
      await flow.server?.close();
      // Identity-guarded: never remove a newer flow of the same session.
      if (this.#current.get(sessionId) === flow) this.#current.delete(sessionId);
    }
  }

  #redirectUri(flow: Flow): string {
    return `http://127.0.0.1:${flow.server?.port}/callback`;
  }

  #authorizeUrl(flow: Flow): string {
    const url = new URL('/authorize', this.#options.authServerUrl);
    url.searchParams.set('client_id', this.#options.clientId);
    url.searchParams.set('redirect_uri', this.#redirectUri(flow));
    url.searchParams.set('state', flow.state);
    url.searchParams.set('code_challenge', challengeOf(flow.verifier));
    url.searchParams.set('code_challenge_method', 'S256');
    url.searchParams.set('login_hint', flow.sessionId);
    return url.toString();
  }

  #callbackHandler(flow: Flow): (req: IncomingMessage, res: ServerResponse) => void {
    let firstCode = '';
    const exchange = once(() => this.#exchange(flow, firstCode));
    return (req, res) => {
      this.stats.callbacksReceived++;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const reply = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(text);
      };
      if (url.pathname !== '/callback') {
        this.stats.callbacksIgnored++;
        reply(404, 'not found');
        return;
      }
      if (url.searchParams.get('state') !== flow.state) {
        // S11: a stray or forged callback is answered and ignored; the real flow goes on.
        this.stats.callbacksIgnored++;
        reply(400, 'state mismatch: ignored');
        return;
      }
      const denied = url.searchParams.get('error');
      if (denied) {
        flow.result.rejectIf(flow.result.id, new Error(`authorization failed: ${denied}`));
        reply(200, 'sign-in failed, you may close this window');
        return;
      }
      const code = url.searchParams.get('code');
      if (!code) {
        this.stats.callbacksIgnored++;
        reply(400, 'missing code: ignored');
        return;
      }
      if (firstCode === '') firstCode = code;
      exchange().then(
        () => reply(200, 'signed in, you may close this window'),
        () => reply(500, 'sign-in failed'),
      );
    };
  }

  async #exchange(flow: Flow, code: string): Promise<void> {
    this.stats.tokenExchanges++;
    try {
      const response = await fetch(new URL('/token', this.#options.authServerUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: this.#options.clientId,
          code,
          code_verifier: flow.verifier,
          redirect_uri: this.#redirectUri(flow),
        }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string };
      if (!response.ok || body.access_token === undefined) {
        throw new Error(`token exchange failed: ${body.error ?? response.status}`);
      }
      flow.result.resolveIf(flow.result.id, { accessToken: body.access_token });
    } catch (error) {
      flow.result.rejectIf(flow.result.id, error);
      throw error;
    }
  }
}
