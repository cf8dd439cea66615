/**
 * Seed 004 #1: tasks spawned unsupervised. Failures are logged and lost, and shutdown returns
 * while tasks are still running.
 */
export class FireAndForget {
  readonly lost: unknown[] = [];

  spawn(fn: () => Promise<unknown>): void {
    fn().catch((error) => this.lost.push(error));
  }

  async shutdown(): Promise<void> {}
}
