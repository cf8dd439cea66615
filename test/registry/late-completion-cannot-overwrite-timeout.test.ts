// State transitions are compare-and-set on the record read: a late completion cannot overwrite
// a timeout, nor a timeout (or cancel) a completion. Scale: 200 tasks, completion and timeout
// racing in the same turn.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { TaskRegistry } from '../../src/registry/TaskRegistry.js';
import { NaiveTaskTable } from '../naive/naiveTaskTable.js';
import { yieldTurn } from '../naive/yieldTurn.js';

test('200 tasks where completion races the deadline: exactly one outcome each, never overwritten', async () => {
  const clock = new ManualClock(0);
  const tasks = new TaskRegistry('race', { clock });
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) ids.push((await tasks.create({ timeoutMs: 10 })).id);
  for (const id of ids) await tasks.start(id);
  // Completions are in flight when the deadline passes.
  const completions = ids.map((id, i) => tasks.complete(id, i));
  clock.advance(10);
  const won = await Promise.all(completions);
  await yieldTurn();
  let done = 0;
  let timedOut = 0;
  for (const [i, id] of ids.entries()) {
    const r = (await tasks.get(id))!;
    if (r.state === 'done') {
      done++;
      assert.equal(won[i], true);
      assert.equal(r.result, i);
    } else {
      timedOut++;
      assert.equal(r.state, 'timed_out');
      assert.equal(won[i], false);
    }
    // Nothing moves a terminal record again.
    assert.equal(await tasks.fail(id, new Error('late')), false);
    assert.equal(await tasks.cancel(id), false);
    assert.equal((await tasks.get(id))!.state, r.state);
  }
  assert.equal(done + timedOut, 200);
  const stats = await tasks.stats();
  assert.equal(stats.timersFired + stats.timersCancelled, 200);
});

test('pending → running only once; running cannot go back', async () => {
  const tasks = new TaskRegistry('once');
  const { id } = await tasks.create();
  const starts = await Promise.all([tasks.start(id), tasks.start(id), tasks.start(id)]);
  assert.deepEqual(starts.filter(Boolean).length, 1);
  assert.equal((await tasks.get(id))!.state, 'running');
  assert.equal(await tasks.cancel(id, 'user'), true);
  assert.equal((await tasks.get(id))!.error, 'user');
});

test('the naive blind write lets a late completion overwrite a timeout at the same scale (the test can see the bug)', async () => {
  const clock = new ManualClock(0);
  const naive = new NaiveTaskTable(clock);
  for (let i = 0; i < 200; i++) await naive.create(`t${i}`, 10);
  const completions = Array.from({ length: 200 }, (_, i) => naive.complete(`t${i}`));
  clock.advance(10); // every timeout lands first...
  await Promise.all(completions); // ...then every late completion overwrites it
  const states = [...naive.tasks.values()].map((t) => t.state);
  assert.equal(states.filter((s) => s === 'done').length, 200);
  assert.equal(naive.timersFired, 200, 'each task both timed out and completed');
});
