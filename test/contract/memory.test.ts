// The store contract suite against the memory store, on a manual clock.
import { ManualClock } from '../../src/clock.js';
import { MemoryStore } from '../../src/store/memory.js';
import { runContract } from './suite.js';

runContract({
  name: 'memory',
  async setup() {
    const clock = new ManualClock(1_000_000);
    return { store: new MemoryStore({ clock }), clock, dispose: async () => {} };
  },
});
