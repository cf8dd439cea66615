// S21: a Registry is bounded (maxEntries → CapacityExceededError, the created resource
// disposed) and a churn soak keeps its table and its local map flat.
// Scale: 10,000 register/unregister cycles; 10,000 lease-expiry cycles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { CapacityExceededError } from '../../src/errors.js';
import { Registry } from '../../src/registry/Registry.js';
import { MemoryStore } from '../../src/store/memory.js';

test('maxEntries 10: the 11th name throws CapacityExceededError and its resource is disposed', async () => {
  const disposed: number[] = [];
  const registry = new Registry<number>('small', {
    maxEntries: 10,
    dispose: (n) => void disposed.push(n),
  });
  for (let i = 0; i < 10; i++) await registry.register(i, () => i);
  await assert.rejects(
    registry.register(10, () => 10),
    CapacityExceededError,
  );
  assert.deepEqual(disposed, [10]);
  const stats = await registry.stats();
  assert.equal(stats.size, 10);
  assert.equal(stats.maxEntries, 10);
  assert.equal(stats.local, 10);
});

test('10,000 register/unregister cycles over 100 names: size and local map never pass 100', async () => {
  const registry = new Registry<number>('churn', { maxEntries: 100 });
  const tokens = new Map<number, string>();
  let peak = 0;
  for (let i = 0; i < 10_000; i++) {
    const name = i % 100;
    const old = tokens.get(name);
    if (old !== undefined) assert.equal(await registry.unregister(name, old), true);
    tokens.set(name, (await registry.register(name, () => i)).token);
    if (i % 500 === 0) peak = Math.max(peak, (await registry.stats()).local);
  }
  const stats = await registry.stats();
  assert.equal(stats.size, 100);
  assert.equal(stats.local, 100);
  assert.equal(stats.disposals, 9_900);
  assert.ok(peak <= 100);
});

test('10,000 distinct names whose leases lapse: the local map stays bounded (orphans disposed)', async () => {
  const clock = new ManualClock(0);
  const registry = new Registry<number>('lapse', {
    store: new MemoryStore({ clock }),
    maxEntries: 100,
    leaseMs: 10,
  });
  let peakLocal = 0;
  for (let i = 0; i < 10_000; i++) {
    await registry.register(i, () => i);
    clock.advance(1);
    peakLocal = Math.max(peakLocal, (await registry.stats()).local);
  }
  // The table holds at most the 10 live leases; the local map is swept when it passes maxEntries.
  assert.ok((await registry.size()) <= 10);
  assert.ok(peakLocal <= 101, `peak local ${peakLocal}`);
});
