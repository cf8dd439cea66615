// The state is derived from stored data when asked: no timer drives open → half-open (opossum
// #385: a timer cancelled twice never reached half-open). Every instance derives the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setup, trip } from './helpers.js';

test('open → half-open with no timer pending, seen alike by two instances; peek writes nothing', async () => {
  const { clock, store, make } = setup({ consecutiveFailures: 1, openMs: 1_000 });
  const a = make();
  const b = make();
  await trip(a, 1);
  assert.equal(clock.pendingTimers, 0);
  assert.equal(await b.state(), 'open');
  clock.advance(1_000);
  assert.equal(await a.state(), 'half-open');
  assert.equal(await b.state(), 'half-open');
  const g1 = (await a.stats()).generation;
  // Peeking persisted nothing: the stored state still says open; the first admission moves it.
  assert.equal(((await store.get('raceless:breaker', 'sdb')) as { s: string }).s, 'open');
  assert.equal(await b.execute(async () => 'ok'), 'ok');
  assert.equal(await a.state(), 'closed');
  assert.equal((await a.stats()).generation, g1 + 1);
});

test('a breaker left alone expires from the store (idleTtlMs) and reads closed again', async () => {
  const { clock, store, breaker } = setup({
    consecutiveFailures: 1,
    openMs: 1_000,
    idleTtlMs: 60_000,
  });
  await trip(breaker, 1);
  clock.advance(1_000 + 60_000);
  assert.equal(await store.size('raceless:breaker'), 0);
  assert.equal(await breaker.state(), 'closed');
});
