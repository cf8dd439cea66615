/**
 * Seed 000 #5: a task record inserted, then updated with its timer (observers see a partial
 * record); timers never cancelled when a task ends; states written blindly (a late completion
 * overwrites a timeout, a timeout overwrites a completion).
 */
import type { Clock } from '../../src/clock.js';
import { yieldTurn } from './yieldTurn.js';

export interface NaiveTask {
  id: string;
  state: string;
  deadline?: number;
  timer?: () => void;
}

export class NaiveTaskTable {
  readonly tasks = new Map<string, NaiveTask>();
  timersFired = 0;
  constructor(readonly clock: Clock) {}

  async create(id: string, timeoutMs: number): Promise<void> {
    this.tasks.set(id, { id, state: 'pending' });
    await yieldTurn();
    const timer = this.clock.setTimer(timeoutMs, () => {
      this.timersFired++;
      const t = this.tasks.get(id);
      if (t) this.tasks.set(id, { ...t, state: 'timed_out' });
    });
    this.tasks.set(id, { id, state: 'pending', deadline: this.clock.now() + timeoutMs, timer });
  }

  /** Blind write: no check of the current state, no timer cancel. */
  async complete(id: string): Promise<void> {
    const t = this.tasks.get(id);
    await yieldTurn();
    if (t) this.tasks.set(id, { ...t, state: 'done' });
  }
}
