/**
 * S20 — no backpressure on routing; configured limits never applied (seed 004 #5, residual).
 * In-process.
 *
 * A producer sends 10,000 messages to a mailbox configured for 100 while the consumer is slow.
 * - naive: an array queue whose `capacity` option is stored but never checked.
 * - raceless: `Mailbox({ capacity: 100, overflow: 'drop-oldest' })`: the bound is enforced on
 *   every send, drops are counted.
 * Expected: size never above 100; every message beyond the bound counted as dropped.
 */
import { Mailbox } from '../../sync/Mailbox.js';
import type { LocalScenario } from '../types.js';
import { scaled } from './util.js';

/** Parameters of S20. */
export interface S20Params {
  readonly messages: number;
  readonly capacity: number;
}

/** S20, in-process. */
export const s20: LocalScenario<S20Params> = {
  kind: 'local',
  id: 'S20',
  title: 'bounded mailbox: the configured limit is enforced, drops counted',
  params: (scale) => ({ messages: scaled(10_000, scale, 200), capacity: 100 }),
  async run(variant, p) {
    let peak = 0;
    let dropped = 0;
    if (variant === 'naive') {
      const queue = { capacity: p.capacity, items: [] as number[] }; // capacity never applied
      for (let i = 0; i < p.messages; i++) {
        queue.items.push(i);
        peak = Math.max(peak, queue.items.length);
      }
    } else {
      const box = new Mailbox<number>({ capacity: p.capacity, overflow: 'drop-oldest' });
      for (let i = 0; i < p.messages; i++) {
        await box.send(i);
        peak = Math.max(peak, box.size);
      }
      dropped = box.dropped;
      box.close();
    }
    const expectedDrops = p.messages - p.capacity;
    return {
      expected: `peak ${p.capacity} · ${expectedDrops} dropped`,
      observed: `peak ${peak} · ${dropped} dropped`,
      exact: peak === p.capacity && dropped === expectedDrops,
      detail: `${p.messages} messages, capacity ${p.capacity}, no consumer during the burst`,
    };
  },
};
