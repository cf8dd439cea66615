/**
 * Seed 004 #4: one serialising server handles every call in turn, so a slow call for key A
 * blocks an unrelated call for key B.
 */
import { Mutex } from '../../src/sync/Mutex.js';

export class SerialisingServer {
  readonly #lock = new Mutex();

  call<T>(_key: string, fn: () => Promise<T>): Promise<T> {
    return this.#lock.runExclusive(fn);
  }
}
