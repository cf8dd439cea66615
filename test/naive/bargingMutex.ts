/**
 * The "while (locked) await" mutex: release wakes a waiter but does not hand it the lock, so a
 * newcomer can barge in, `isLocked()` is false while waiters are queued, and the releaser is not
 * idempotent (a second call frees the next holder's lock).
 */
export class BargingMutex {
  locked = false;
  readonly #wakeups: (() => void)[] = [];

  async acquire(): Promise<() => void> {
    while (this.locked) await new Promise<void>((resolve) => this.#wakeups.push(resolve));
    this.locked = true;
    return () => this.#release();
  }

  tryAcquire(): (() => void) | undefined {
    if (this.locked) return undefined;
    this.locked = true;
    return () => this.#release();
  }

  isLocked(): boolean {
    return this.locked;
  }

  #release(): void {
    this.locked = false;
    this.#wakeups.shift()?.();
  }
}
