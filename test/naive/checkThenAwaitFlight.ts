/**
 * Seed 002 #1 "fix": check the in-flight map, await something (a session load, a mutex probe),
 * then register. Every caller passes the check before anyone registers, so N concurrent starts
 * run N flows; and `finally { delete(key) }` removes whatever entry is current, even a newer one.
 */
export class CheckThenAwaitFlights<V> {
  readonly active = new Map<string, Promise<V>>();
  runs = 0;

  async run(
    key: string,
    fn: () => Promise<V>,
    before: () => Promise<void> = async () => {},
  ): Promise<V> {
    const existing = this.active.get(key);
    if (existing) return existing;
    await before();
    this.runs++;
    const p = fn();
    this.active.set(key, p);
    try {
      return await p;
    } finally {
      this.active.delete(key);
    }
  }
}
