/**
 * Seed 002 #4: cleanup guarded by reading a field, awaiting, then clearing it. Two concurrent
 * cleanups both pass the check and both close the server.
 */
export class NaiveCleanup {
  closes = 0;
  server: { close: () => void } | undefined;

  constructor() {
    this.server = { close: () => this.closes++ };
  }

  async cleanup(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await Promise.resolve(); // e.g. awaiting a log flush or a socket drain
    server.close();
    this.server = undefined;
  }
}
