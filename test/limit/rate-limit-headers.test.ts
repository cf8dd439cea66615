// rateLimitHeaders: IETF draft RateLimit-* headers and Retry-After from a result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rateLimitHeaders } from '../../src/limit/headers.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { setup } from './helpers.js';

test('allowed and rejected results give exact headers (seconds rounded up)', async () => {
  const { clock, store } = setup(1_020_000); // a multiple of 60 s: windows start here
  const l = new RateLimiter('api', {
    store,
    algorithm: 'fixed-window',
    limit: 2,
    windowMs: 60_000,
  });
  clock.advance(500);
  assert.deepEqual(rateLimitHeaders(await l.consume('k')), {
    'RateLimit-Limit': '2',
    'RateLimit-Remaining': '1',
    'RateLimit-Reset': '60', // 59.5 s → 60
    'RateLimit-Policy': '2;w=60',
  });
  await l.consume('k');
  assert.deepEqual(rateLimitHeaders(await l.consume('k')), {
    'RateLimit-Limit': '2',
    'RateLimit-Remaining': '0',
    'RateLimit-Reset': '60',
    'RateLimit-Policy': '2;w=60',
    'Retry-After': '60',
  });
});
