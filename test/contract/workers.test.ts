// The store contract suite against the workers store (one thread, manual clock).
// Capacities: 4,096 entries, 256-byte keys, 4 KiB values — enough for every case.
import { ManualClock } from '../../src/clock.js';
import { WorkersStore } from '../../src/workers/index.js';
import { runContract } from './suite.js';

runContract({
  name: 'workers',
  async setup() {
    const clock = new ManualClock(1_000_000);
    const store = WorkersStore.create({
      maxEntries: 4_096,
      maxKeyBytes: 256,
      maxValueBytes: 4_096,
      clock,
    });
    return { store, clock, dispose: async () => store.close() };
  },
});
