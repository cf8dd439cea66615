// S05 at the catalogue's scale: 100 concurrent get-or-create calls for one name → one breaker,
// the same instance for every caller, no orphan; the registry is bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BreakerRegistry } from '../../src/breaker/BreakerRegistry.js';
import { CircuitBreaker } from '../../src/breaker/CircuitBreaker.js';
import { CapacityExceededError } from '../../src/errors.js';
import { NaiveBreakerRegistry } from '../naive/naiveBreakerRegistry.js';

test('100 concurrent creators of "db" all get the same instance; size 1', async () => {
  const reg = new BreakerRegistry();
  const got = await Promise.all(
    Array.from({ length: 100 }, async (_, i) => {
      await new Promise((r) => setImmediate(r));
      return reg.get('db', { consecutiveFailures: 1 + (i % 3) });
    }),
  );
  assert.equal(new Set(got).size, 1);
  assert.equal(reg.size, 1);
  assert.equal(got[0]!.rule.consecutiveFailures, 1); // the first creator's options
});

test('maxBreakers bounds the registry; delete is identity-guarded', () => {
  const reg = new BreakerRegistry({ maxBreakers: 2 });
  const a = reg.get('a');
  reg.get('b');
  assert.throws(() => reg.get('c'), CapacityExceededError);
  assert.equal(reg.get('a'), a); // existing names still resolve at the bound
  const stale = new CircuitBreaker('a');
  assert.equal(reg.delete('a', stale), false);
  assert.equal(reg.delete('a', a), true);
  assert.notEqual(reg.get('c'), undefined);
  assert.deepEqual(reg.names(), ['b', 'c']);
});

test('the naive lookup-await-start registry starts 100 breakers for one name: 99 orphans', async () => {
  const naive = new NaiveBreakerRegistry(async (name) => {
    await new Promise((r) => setImmediate(r));
    return new CircuitBreaker(name);
  });
  const got = await Promise.all(Array.from({ length: 100 }, () => naive.get('db')));
  assert.equal(new Set(got).size, 100);
  const kept = naive.byName.get('db');
  assert.equal(naive.started.filter((b) => b !== kept).length, 99);
});
