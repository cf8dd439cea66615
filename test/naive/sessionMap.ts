/** Seed 002 #5: a session map mutated with get, await, set — concurrent updates are lost. */
export class NaiveSessionMap {
  readonly sessions = new Map<string, { n: number }>();

  async increment(id: string, io: () => Promise<void>): Promise<void> {
    const s = this.sessions.get(id) ?? { n: 0 };
    await io();
    this.sessions.set(id, { n: s.n + 1 });
  }
}
