// S06: every deadline fires or is cancelled, exactly once. Scale: 1,000 tasks, half completed
// before their deadline (concurrently), then the clock passes every deadline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { TaskRegistry } from '../../src/registry/TaskRegistry.js';
import { NaiveTaskTable } from '../naive/naiveTaskTable.js';
import { yieldTurn } from '../naive/yieldTurn.js';

const N = 1_000;

test('1,000 tasks: 500 completed (timers cancelled once), 500 time out (timers fire once)', async () => {
  const clock = new ManualClock(0);
  const tasks = new TaskRegistry('deadlines', { clock, maxEntries: N });
  const ids = (
    await Promise.all(Array.from({ length: N }, () => tasks.create({ timeoutMs: 100 })))
  ).map((t) => t.id);
  assert.equal(clock.pendingTimers, N);
  // Complete the even ones concurrently; each completion is attempted twice (the second is late).
  const completions = await Promise.all(
    ids.flatMap((id, i) => (i % 2 === 0 ? [tasks.complete(id, i), tasks.complete(id, -1)] : [])),
  );
  assert.equal(completions.filter(Boolean).length, N / 2);
  clock.advance(100);
  await yieldTurn();
  const stats = await tasks.stats();
  assert.equal(stats.timersCancelled, N / 2);
  assert.equal(stats.timersFired, N / 2);
  assert.equal(stats.timersPending, 0);
  assert.equal(clock.pendingTimers, 0);
  const states = new Map<string, number>();
  for await (const r of tasks.entries()) states.set(r.state, (states.get(r.state) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(states), { done: N / 2, timed_out: N / 2 });
  // Late completions of timed-out tasks change nothing.
  assert.equal(await tasks.complete(ids[1]!, 'late'), false);
  assert.equal((await tasks.get(ids[1]!))?.state, 'timed_out');
  // Cancelling again is idempotent: no counter moves.
  await tasks.close();
  assert.equal((await tasks.stats()).timersCancelled, N / 2);
});

test('the naive table never cancels: timers of completed tasks fire too and overwrite "done" at the same scale (the test can see the bug)', async () => {
  const clock = new ManualClock(0);
  const naive = new NaiveTaskTable(clock);
  await Promise.all(Array.from({ length: N }, (_, i) => naive.create(`t${i}`, 100)));
  await Promise.all(Array.from({ length: N / 2 }, (_, i) => naive.complete(`t${2 * i}`)));
  clock.advance(100);
  assert.equal(naive.timersFired, N, 'every timer fired, cancelled ones included');
  const done = [...naive.tasks.values()].filter((t) => t.state === 'done').length;
  assert.equal(done, 0, 'every completion was overwritten by a timeout');
});
