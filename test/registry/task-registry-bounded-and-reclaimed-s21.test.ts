// S21: a TaskRegistry is bounded (CapacityExceededError, the deadline cancelled) and reclaims
// terminal records (retainMs TTL, or prune). Scale: a 10,000-task churn soak.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { AlreadyRegisteredError, CapacityExceededError } from '../../src/errors.js';
import { TaskRegistry } from '../../src/registry/TaskRegistry.js';

test('maxEntries 5: the 6th create throws and cancels its deadline; a duplicate id is refused', async () => {
  const clock = new ManualClock(0);
  const tasks = new TaskRegistry('small', { clock, maxEntries: 5 });
  for (let i = 0; i < 5; i++) await tasks.create({ id: `t${i}`, timeoutMs: 100 });
  await assert.rejects(tasks.create({ id: 't5', timeoutMs: 100 }), CapacityExceededError);
  await assert.rejects(tasks.create({ id: 't0', timeoutMs: 100 }), AlreadyRegisteredError);
  const stats = await tasks.stats();
  assert.equal(stats.size, 5);
  assert.equal(stats.timersCancelled, 2);
  assert.equal(stats.timersPending, 5);
  assert.equal(clock.pendingTimers, 5);
  assert.equal((await tasks.get('t0'))!.state, 'pending', 'the duplicate did not touch t0');
});

test('terminal records expire after retainMs; prune removes them at once', async () => {
  const clock = new ManualClock(0);
  const tasks = new TaskRegistry('retain', { clock, retainMs: 1_000 });
  const a = await tasks.create();
  const b = await tasks.create();
  const c = await tasks.create();
  await tasks.complete(a.id);
  await tasks.fail(b.id, 'x');
  clock.advance(999);
  assert.equal(await tasks.size(), 3);
  clock.advance(1);
  assert.equal(await tasks.size(), 1);
  await tasks.cancel(c.id);
  assert.equal(await tasks.prune(), 1);
  assert.equal(await tasks.size(), 0);
});

test('churn soak: 10,000 tasks created and completed keep the table at or under the bound', async () => {
  const clock = new ManualClock(0);
  const tasks = new TaskRegistry('soak', { clock, maxEntries: 200, retainMs: 50 });
  let peak = 0;
  for (let i = 0; i < 10_000; i++) {
    const t = await tasks.create({ timeoutMs: 1_000 });
    await tasks.start(t.id);
    await tasks.complete(t.id);
    clock.advance(1);
    if (i % 100 === 0) peak = Math.max(peak, await tasks.size());
  }
  const stats = await tasks.stats();
  assert.ok(peak <= 51, `peak ${peak}`);
  assert.equal(stats.timersPending, 0);
  assert.equal(stats.timersCancelled, 10_000);
  assert.equal(clock.pendingTimers, 0);
});
