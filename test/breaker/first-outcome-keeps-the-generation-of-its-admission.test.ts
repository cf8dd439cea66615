// A new breaker's generation is the time of its first admit. The admit must store it, or an
// outcome recorded a millisecond later finds a fresh breaker with another generation and is
// wrongly ignored as stale (found on Redis, where the clock always moves).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CircuitBreaker } from '../../src/breaker/CircuitBreaker.js';
import { ManualClock } from '../../src/clock.js';
import { MemoryStore } from '../../src/store/memory.js';

test('failures recorded after time moved still count: 3 failures, 1 ms apart, open the breaker', async () => {
  const clock = new ManualClock(1_000);
  const store = new MemoryStore({ clock });
  const db = new CircuitBreaker('db', {
    store,
    clock,
    consecutiveFailures: 3,
    openMs: 1_000,
    trialTimeoutMs: 1_000,
  });
  for (let i = 0; i < 3; i++) {
    await db
      .execute(async () => {
        clock.advance(1); // the call takes a millisecond
        throw new Error('down');
      })
      .catch(() => {});
  }
  assert.equal(await db.state(), 'open');
});

test('an outcome 1 ms after the first admit is counted, not stale', async () => {
  const clock = new ManualClock(5_000);
  const store = new MemoryStore({ clock });
  const db = new CircuitBreaker('db2', {
    store,
    clock,
    consecutiveFailures: 3,
    openMs: 1_000,
    trialTimeoutMs: 1_000,
  });
  await db
    .execute(async () => {
      clock.advance(1);
      throw new Error('down');
    })
    .catch(() => {});
  const stats = await db.stats();
  assert.equal(stats.generation, 5_000);
  assert.equal(stats.consecutiveFailures, 1);
  assert.equal(stats.failures, 1);
  assert.equal(stats.staleOutcomes, 0);
});
