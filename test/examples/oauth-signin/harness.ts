/** Test harness for the oauth-signin example: real HTTP on 127.0.0.1 only, a ManualClock. */
import { createServer } from 'node:net';
import {
  type FakeAuthServer,
  startFakeAuthServer,
} from '../../../examples/oauth-signin/fakeAuthServer.js';
import { SignInService } from '../../../examples/oauth-signin/SignInService.js';
import { ManualClock } from '../../../src/clock.js';

export interface Harness {
  readonly auth: FakeAuthServer;
  readonly service: SignInService;
  readonly clock: ManualClock;
  /** Authorization URLs the service opened, in order, with their session. */
  readonly opened: { url: string; sessionId: string }[];
  /** Resolves when the service has opened `n` authorization URLs in total. */
  readonly openedCount: (n: number) => Promise<void>;
  readonly dispose: () => Promise<void>;
}

export async function startHarness(flowTimeoutMs = 60_000): Promise<Harness> {
  const auth = await startFakeAuthServer();
  const clock = new ManualClock();
  const opened: { url: string; sessionId: string }[] = [];
  const listeners: (() => void)[] = [];
  const service = new SignInService({
    authServerUrl: auth.url,
    clientId: 'raceless-example',
    flowTimeoutMs,
    clock,
    openBrowser: (url, sessionId) => {
      opened.push({ url, sessionId });
      for (const l of listeners.splice(0)) l();
    },
  });
  const openedCount = async (n: number) => {
    for (let i = 0; i < 1000 && opened.length < n; i++) {
      await new Promise<void>((resolve) => listeners.push(resolve));
    }
  };
  return {
    auth,
    service,
    clock,
    opened,
    openedCount,
    dispose: async () => {
      await service.close().catch(() => {});
      await auth.close();
    },
  };
}

/** The browser following the authorization redirect: returns the callback URL it would hit. */
export async function authorize(authorizeUrl: string): Promise<string> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) throw new Error(`no redirect (${res.status})`);
  return location;
}

/** The browser hitting a URL; returns the status. */
export async function hit(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

/** Same URL with query parameters replaced. */
export function withParams(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** True when nothing listens on 127.0.0.1:`port` and we can bind it ourselves. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Waits for real I/O until `condition()` holds; bounded (about 5 s), then throws. */
export async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 5000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`timed out waiting for ${what}`);
}
