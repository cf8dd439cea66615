// S05 residual: a row whose owner is gone (lease expired) must not make the name unusable; it is
// replaced atomically — of 50 concurrent replacers exactly one wins — and the old owner's local
// resource is disposed. `renew` extends a live lease and never revives an expired one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { AlreadyRegisteredError } from '../../src/errors.js';
import { Registry } from '../../src/registry/Registry.js';
import { MemoryStore } from '../../src/store/memory.js';
import { yieldTurn } from '../naive/yieldTurn.js';

test('an expired lease frees the name: 50 concurrent replacers → 1 winner, 49 rejected and disposed', async () => {
  const clock = new ManualClock(0);
  const disposed: string[] = [];
  const registry = new Registry<string>('workers', {
    store: new MemoryStore({ clock }),
    dispose: (r) => void disposed.push(r),
  });
  const first = await registry.register('w', () => 'old', { leaseMs: 1_000 });
  clock.advance(1_000); // the owner never renewed: gone
  assert.equal(await registry.lookup('w'), undefined);
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) =>
      registry.register(
        'w',
        async () => {
          await yieldTurn();
          return `new${i}`;
        },
        { leaseMs: 1_000 },
      ),
    ),
  );
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
  assert.equal(rejected.length, 49);
  for (const r of rejected) assert.ok(r.reason instanceof AlreadyRegisteredError);
  // 49 losers + the old owner's orphaned resource.
  assert.equal(disposed.length, 50);
  assert.ok(disposed.includes('old'));
  const winner = (
    results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{
      token: string;
      resource: string;
    }>
  ).value;
  assert.equal(await registry.lookup('w'), winner.resource);
  assert.notEqual(winner.token, first.token);
  // The old owner can neither renew nor unregister the new registration.
  assert.equal(await registry.renew('w', first.token, 1_000), false);
  assert.equal(await registry.unregister('w', first.token), false);
  assert.equal(await registry.lookup('w'), winner.resource);
});

test('renew extends a live lease by compare-and-set; an expired lease is never revived', async () => {
  const clock = new ManualClock(0);
  const registry = new Registry<string>('leases', {
    store: new MemoryStore({ clock }),
    leaseMs: 100,
  });
  const { token } = await registry.register('a', () => 'x');
  clock.advance(99);
  assert.equal(await registry.renew('a', token), true);
  clock.advance(99);
  assert.equal(await registry.lookup('a'), 'x');
  clock.advance(1); // 100 ms after the renewal
  assert.equal(await registry.lookup('a'), undefined);
  assert.equal(await registry.renew('a', token), false);
  assert.equal(await registry.info('a'), undefined);
});

test('sweep disposes local resources whose lease ended', async () => {
  const clock = new ManualClock(0);
  const disposed: string[] = [];
  const registry = new Registry<string>('sweep', {
    store: new MemoryStore({ clock }),
    dispose: (r) => void disposed.push(r),
  });
  for (let i = 0; i < 10; i++)
    await registry.register(i, () => `r${i}`, { leaseMs: i < 5 ? 10 : 1_000 });
  clock.advance(10);
  assert.equal(await registry.sweep(), 5);
  assert.deepEqual(disposed.sort(), ['r0', 'r1', 'r2', 'r3', 'r4']);
  assert.equal((await registry.stats()).local, 5);
});
