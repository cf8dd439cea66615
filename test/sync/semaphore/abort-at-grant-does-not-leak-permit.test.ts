// Rule: taking a permit and registering its release are one step w.r.t. cancellation
// (Effect #6910): an abort landing right as the grant happens must not leak the permit.
// Scale: capacity 1, 1 holder, 1 waiter aborted in the same tick it is granted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Semaphore } from '../../../src/sync/Semaphore.js';
import { SplitAcquireSemaphore } from '../../naive/splitAcquireSemaphore.js';
import { flush } from '../helpers.js';

test('abort right after the grant: the permit still comes back', async () => {
  const sem = new Semaphore(1);
  const holder = await sem.acquire();
  const controller = new AbortController();
  const waiter = sem.withPermits(1, async () => 'ran', { signal: controller.signal });
  await flush();
  holder(); // grants the waiter synchronously
  controller.abort(); // lands before the waiter's continuation runs
  assert.equal(await waiter, 'ran', 'granted is terminal: the abort came too late');
  assert.equal(sem.available, 1);
});

test('naive two-step acquire: the abort lands between take and register and the permit leaks', async () => {
  const sem = new SplitAcquireSemaphore(1);
  let releaseHolder!: () => void;
  const holder = sem.withPermit(() => new Promise<void>((resolve) => (releaseHolder = resolve)));
  const controller = new AbortController();
  const waiter = sem.withPermit(async () => 'ran', controller.signal);
  await flush();
  releaseHolder();
  controller.abort(); // lands while the permit is being handed over
  await holder;
  await assert.rejects(waiter);
  await flush();
  assert.equal(sem.available, 0, 'leaked: nobody holds it and nobody will return it');
});
