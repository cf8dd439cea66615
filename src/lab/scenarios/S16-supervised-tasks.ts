/**
 * S16 — unsupervised spawned tasks (seed 004 #1). In-process.
 *
 * 100 background tasks are spawned (one of them fails), then the service shuts down.
 * - naive: fire-and-forget (`void task()`): shutdown returns while tasks still run, the failure
 *   is swallowed, and spawning after shutdown still works.
 * - raceless: `TaskGroup`: every task gets the group's signal; `close()` aborts and awaits all,
 *   surfaces the failure, and refuses later spawns.
 * Expected: 0 tasks running after shutdown, the failure surfaced, spawn-after-close refused.
 */
import { ClosedError } from '../../errors.js';
import { TaskGroup } from '../../sync/TaskGroup.js';
import type { LocalScenario } from '../types.js';
import { io, scaled } from './util.js';

/** Parameters of S16. */
export interface S16Params {
  readonly tasks: number;
}

/** S16, in-process. */
export const s16: LocalScenario<S16Params> = {
  kind: 'local',
  id: 'S16',
  title: 'supervised tasks: shutdown cancels and awaits all',
  params: (scale) => ({ tasks: scaled(100, scale, 5) }),
  async run(variant, p) {
    let running = 0;
    const task = async (i: number, signal?: AbortSignal) => {
      running++;
      try {
        for (let turn = 0; turn < 50 && !signal?.aborted; turn++) {
          await io();
          if (i === 0 && turn === 2) throw new Error('task 0 failed');
        }
      } finally {
        running--;
      }
    };
    let surfaced = 0;
    let refused = 0;
    if (variant === 'naive') {
      const swallowed: Promise<void>[] = [];
      for (let i = 0; i < p.tasks; i++) swallowed.push(task(i).catch(() => {}));
      await io();
      await io();
      await io();
      await io(); // shutdown: nothing to wait for
      const after = running;
      swallowed.push(task(p.tasks).catch(() => {})); // spawn after shutdown: accepted
      await Promise.all(swallowed); // (the lab cleans up; the service would not)
      return observation(p, after, surfaced, refused);
    }
    const group = new TaskGroup({ policy: 'collect' });
    for (let i = 0; i < p.tasks; i++) void group.spawn((signal) => task(i, signal)).catch(() => {});
    await io();
    await io();
    await io();
    await io();
    try {
      await group.close();
    } catch (e) {
      if (e instanceof AggregateError) surfaced = e.errors.length;
      else surfaced = 1;
    }
    const after = running;
    try {
      await group.spawn(() => task(p.tasks));
    } catch (e) {
      if (e instanceof ClosedError) refused = 1;
    }
    return observation(p, after, surfaced, refused);
  },
};

function observation(p: S16Params, after: number, surfaced: number, refused: number) {
  return {
    expected: '0 running after shutdown · 1 failure surfaced · late spawn refused',
    observed: `${after} running after shutdown · ${surfaced} failure${surfaced === 1 ? '' : 's'} surfaced · late spawn ${refused ? 'refused' : 'accepted'}`,
    exact: after === 0 && surfaced === 1 && refused === 1,
    detail: `${p.tasks} tasks, one failing`,
  };
}
