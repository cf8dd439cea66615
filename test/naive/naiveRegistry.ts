/**
 * Seed 000 #4 and #6: registries written as check-then-act, with state keyed by name.
 */
import { yieldTurn } from './yieldTurn.js';

/** #4 before the fix: look up, start the resource, then insert — every racer "wins". */
export class NaiveCheckThenActRegistry<R> {
  readonly names = new Map<string, R>();
  async register(name: string, create: () => Promise<R>): Promise<R> {
    if (this.names.has(name)) throw new Error('already registered');
    const resource = await create();
    // The slot was free when checked; the insert overwrites whoever got there meanwhile.
    this.names.set(name, resource);
    return resource;
  }
  /** Unregister by name: removes whatever is there now, even a newer registration. */
  unregister(name: string): boolean {
    return this.names.delete(name);
  }
}

/**
 * #6 after its "fix": config and monitor set up FIRST, keyed by id, then the global insert; the
 * loser rolls back by id — erasing the winner's config and monitor (the residual of S07).
 */
export class NaiveSetupFirstRegistry {
  readonly global = new Map<string, string>();
  readonly config = new Map<string, string>();
  readonly monitors = new Map<string, string>();

  async register(id: string, owner: string, failSetup: boolean): Promise<boolean> {
    try {
      this.config.set(id, owner);
      await yieldTurn();
      if (failSetup) throw new Error('monitor setup failed');
      this.monitors.set(id, owner);
      await yieldTurn();
      if (this.global.has(id)) {
        this.config.delete(id);
        this.monitors.delete(id);
        return false;
      }
      this.global.set(id, owner);
      return true;
    } catch {
      this.config.delete(id);
      this.monitors.delete(id);
      return false;
    }
  }
}
