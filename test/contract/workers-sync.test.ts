// The store contract suite against the workers store's synchronous steps (what `Table#sync`
// calls): a store whose table methods run the registered sync steps, so every contract case
// checks that each sync step gives the async method's results and errors. Same capacities and
// manual clock as the workers runner; rateLimit and breaker have no sync step (async methods).
import { ManualClock } from '../../src/clock.js';
import type { Store } from '../../src/store/contract.js';
import { type SyncSteps, syncSteps } from '../../src/store/sync.js';
import { WorkersStore } from '../../src/workers/index.js';
import { runContract } from './suite.js';

/** A Store whose table steps are `steps` (a thrown error becomes a rejection). */
function throughSyncSteps(store: WorkersStore, steps: SyncSteps): Store {
  const wrap =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    async (...args: A): Promise<R> =>
      f(...args);
  return {
    backend: store.backend,
    get: wrap(steps.get),
    put: wrap(steps.put),
    take: wrap(steps.take),
    delete: wrap(steps.delete),
    compareAndSet: wrap(steps.compareAndSet),
    compareAndDelete: wrap(steps.compareAndDelete),
    updateCounter: wrap(steps.updateCounter),
    updateFields: wrap(steps.updateFields),
    selectDelete: wrap(steps.selectDelete),
    scan: wrap(steps.scan),
    size: wrap(steps.size),
    clear: wrap(steps.clear),
    rateLimit: (request) => store.rateLimit(request),
    breaker: (table, key, command, rule) => store.breaker(table, key, command, rule),
  };
}

runContract({
  name: 'workers (sync steps)',
  async setup() {
    const clock = new ManualClock(1_000_000);
    const store = WorkersStore.create({
      maxEntries: 4_096,
      maxKeyBytes: 256,
      maxValueBytes: 4_096,
      clock,
    });
    const steps = syncSteps(store);
    if (steps === undefined) throw new Error('WorkersStore registered no sync steps');
    return { store: throughSyncSteps(store, steps), clock, dispose: async () => store.close() };
  },
});
