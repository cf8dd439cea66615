/** Lets every other ready task run: one macrotask turn (deterministic interleaving). */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
