// S05: 100 concurrent registrations of one name → 1 winner, 99 AlreadyRegisteredError, 99
// disposals (0 orphans). Each `create` awaits, so every registration is in flight at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlreadyRegisteredError } from '../../src/errors.js';
import { Registry } from '../../src/registry/Registry.js';
import { NaiveCheckThenActRegistry } from '../naive/naiveRegistry.js';
import { yieldTurn } from '../naive/yieldTurn.js';

class Resource {
  disposed = 0;
  constructor(readonly n: number) {}
  async [Symbol.asyncDispose](): Promise<void> {
    this.disposed++;
  }
}

test('100 concurrent registrations: 1 winner, 99 AlreadyRegisteredError, 99 disposed, 0 orphans', async () => {
  const registry = new Registry<Resource>('breakers');
  const created: Resource[] = [];
  const results = await Promise.allSettled(
    Array.from({ length: 100 }, (_, i) =>
      registry.register('payments', async () => {
        await yieldTurn();
        const r = new Resource(i);
        created.push(r);
        return r;
      }),
    ),
  );
  const winners = results.filter((r) => r.status === 'fulfilled');
  const losers = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
  assert.equal(created.length, 100);
  assert.equal(winners.length, 1);
  assert.equal(losers.length, 99);
  for (const l of losers) assert.ok(l.reason instanceof AlreadyRegisteredError);
  const winner = (winners[0] as PromiseFulfilledResult<{ resource: Resource }>).value.resource;
  assert.equal(created.filter((r) => r.disposed === 1).length, 99);
  assert.equal(created.filter((r) => r.disposed === 0).length, 1);
  assert.equal(winner.disposed, 0);
  assert.equal(await registry.lookup('payments'), winner);
  const stats = await registry.stats();
  assert.equal(stats.size, 1);
  assert.equal(stats.local, 1);
  assert.equal(stats.registered, 1);
  assert.equal(stats.rejected, 99);
  assert.equal(stats.disposals, 99);
});

test('the `dispose` option is used when given', async () => {
  const disposed: number[] = [];
  const registry = new Registry<number>('numbers', { dispose: (n) => void disposed.push(n) });
  await Promise.allSettled(
    Array.from({ length: 10 }, (_, i) =>
      registry.register('x', async () => {
        await yieldTurn();
        return i;
      }),
    ),
  );
  assert.equal(disposed.length, 9);
});

test('the naive check-then-act registry lets all 100 "win" and orphans 99 at the same scale (the test can see the bug)', async () => {
  const naive = new NaiveCheckThenActRegistry<Resource>();
  const created: Resource[] = [];
  const results = await Promise.allSettled(
    Array.from({ length: 100 }, (_, i) =>
      naive.register('payments', async () => {
        await yieldTurn();
        const r = new Resource(i);
        created.push(r);
        return r;
      }),
    ),
  );
  const winners = results.filter((r) => r.status === 'fulfilled').length;
  const registered = naive.names.get('payments');
  const orphans = created.filter((r) => r !== registered && r.disposed === 0).length;
  assert.equal(winners, 100);
  assert.equal(orphans, 99);
});
