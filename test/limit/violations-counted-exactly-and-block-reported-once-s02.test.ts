// S02 at the catalogue's scale: 100 actors × 100 violations (each actor awaits between its
// attempts) → the violation count is exact, and the automatic "blocked" transition is reported
// by exactly one call (result flag and diagnostics event).
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { type LimitEvent, limitChannel } from '../../src/limit/events.js';
import { RateLimiter, type RateLimitResult } from '../../src/limit/RateLimiter.js';
import { NaiveRateLimiter } from '../naive/naiveRateLimiter.js';
import { count, setup } from './helpers.js';

const ACTORS = 100;
const VIOLATIONS = 100;

async function actors(attempt: () => Promise<unknown>): Promise<void> {
  await Promise.all(
    Array.from({ length: ACTORS }, async () => {
      for (let i = 0; i < VIOLATIONS; i++) await attempt();
    }),
  );
}

test('10,000 violations are counted exactly; no block below the threshold', async () => {
  const { store } = setup();
  const l = new RateLimiter('ddos', {
    store,
    algorithm: 'fixed-window',
    limit: 1,
    windowMs: 60_000,
    blockAfter: 10_001,
    blockMs: 600_000,
  });
  assert.equal((await l.consume('ip')).allowed, true);
  const results: RateLimitResult[] = [];
  await actors(async () => results.push(await l.consume('ip')));
  assert.equal(
    count(results, (r) => r.allowed),
    0,
  );
  assert.equal((await l.peek('ip')).violations, ACTORS * VIOLATIONS);
  assert.equal(
    count(results, (r) => r.newlyBlocked),
    0,
  );
});

test('the blocked transition happens exactly once, at the 5,000th violation', async () => {
  const { store } = setup();
  const l = new RateLimiter('ddos', {
    store,
    algorithm: 'fixed-window',
    limit: 1,
    windowMs: 60_000,
    blockAfter: 5_000,
    blockMs: 600_000,
  });
  const events: LimitEvent[] = [];
  const onEvent = (e: unknown) => events.push(e as LimitEvent);
  diagnostics_channel.subscribe(limitChannel.name, onEvent);
  try {
    await l.consume('ip');
    const results: RateLimitResult[] = [];
    await actors(async () => results.push(await l.consume('ip')));
    const newly = results.filter((r) => r.newlyBlocked);
    assert.equal(newly.length, 1);
    assert.equal(newly[0]!.violations, 5_000);
    assert.equal(results.indexOf(newly[0]!), 4_999); // the 5,000th decision
    assert.equal(
      count(results, (r) => r.blocked),
      ACTORS * VIOLATIONS - 4_999,
    );
    assert.deepEqual(
      events.map((e) => [e.event, e.manual]),
      [['blocked', false]],
    );
    // While blocked nothing is counted: the next block needs a fresh 5,000 after this one ends.
    assert.equal((await l.peek('ip')).violations, 0);
  } finally {
    diagnostics_channel.unsubscribe(limitChannel.name, onEvent);
  }
});

test('the naive read-modify-write counter loses violations and fires "blocked" more than once', async () => {
  const { clock, store } = setup();
  const naive = new NaiveRateLimiter('ddos', store, 1, 60_000, () => clock.now(), 50);
  await naive.consume('ip');
  await actors(() => naive.consume('ip'));
  const counted = await naive.violations.get('ip');
  assert.ok(counted! < ACTORS * VIOLATIONS, `naive counted ${counted}`);
  assert.ok(naive.blockedEvents > 1, `naive fired ${naive.blockedEvents} times`);
});
