/**
 * A keyed lock as commonly hand-rolled: keys joined into strings (`['a','bc']` collides with
 * `['ab','c']`, `1` with `'1'`), entries never deleted (memory grows with every key ever seen),
 * and multi-key locking in the caller's order (async-lock: `['a','b']` vs `['b','a']`
 * deadlocks). Each lock is a correct FIFO mutex, so only those bugs differ.
 */
import { Mutex } from '../../src/sync/Mutex.js';

type Key = string | number | readonly (string | number)[];

export class NaiveKeyedLock {
  readonly locks = new Map<string, Mutex>();

  #lock(key: Key): Mutex {
    const k = Array.isArray(key) ? key.join('') : String(key);
    let m = this.locks.get(k);
    if (!m) {
      m = new Mutex();
      this.locks.set(k, m);
    }
    return m;
  }

  acquire(key: Key): Promise<() => void> {
    return this.#lock(key).acquire();
  }

  isLocked(key: Key): boolean {
    return this.#lock(key).isLocked();
  }

  async acquireMany(keys: readonly Key[]): Promise<() => void> {
    const held: (() => void)[] = [];
    for (const k of keys) held.push(await this.acquire(k));
    return () => {
      for (const r of held) r();
    };
  }

  get size(): number {
    return this.locks.size;
  }
}
