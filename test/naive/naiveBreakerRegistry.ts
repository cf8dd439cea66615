/**
 * Seed 000 #4 before its fix: look the name up, then (after an await) start a breaker and insert
 * it. Concurrent registrations of one name each start one; only the last insert is kept, so the
 * rest are orphans (started, never stopped, unreachable).
 */
export class NaiveBreakerRegistry<B> {
  readonly byName = new Map<string, B>();
  readonly started: B[] = [];

  constructor(readonly start: (name: string) => Promise<B>) {}

  async get(name: string): Promise<B> {
    const existing = this.byName.get(name);
    if (existing !== undefined) return existing;
    const b = await this.start(name);
    this.started.push(b);
    this.byName.set(name, b);
    return b;
  }
}
