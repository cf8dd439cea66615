/**
 * Seed 002 #6: one OAuth client instance shared by every flow, holding per-flow fields. A second
 * flow overwrites the first one's verifier, so the first exchange fails PKCE.
 */
import { randomBytes } from 'node:crypto';
import { challengeOf } from '../../examples/oauth-signin/fakeAuthServer.js';

export class SharedOAuthClient {
  verifier = '';
  redirectUri = 'http://127.0.0.1:1/callback';

  constructor(private readonly authUrl: string) {}

  async start(user: string): Promise<string> {
    this.verifier = randomBytes(32).toString('base64url');
    const u = new URL('/authorize', this.authUrl);
    u.searchParams.set('redirect_uri', this.redirectUri);
    u.searchParams.set('state', user);
    u.searchParams.set('login_hint', user);
    u.searchParams.set('code_challenge', challengeOf(this.verifier));
    await Promise.resolve(); // e.g. opening the browser; meanwhile other flows start
    return u.toString();
  }

  async exchange(code: string): Promise<boolean> {
    const res = await fetch(new URL('/token', this.authUrl), {
      method: 'POST',
      body: new URLSearchParams({
        code,
        code_verifier: this.verifier,
        redirect_uri: this.redirectUri,
      }),
    });
    await res.arrayBuffer();
    return res.ok;
  }
}
