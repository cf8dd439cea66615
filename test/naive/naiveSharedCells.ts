/**
 * Shared state across worker threads as it is naively written: plain reads and writes of a
 * SharedArrayBuffer cell, no Atomics. Each helper reads the cell, decides (the decision costs what
 * a store's decode/encode costs: a JSON round trip), then writes the cell back — so another
 * thread running truly in parallel can read the same value in between, and one write is lost.
 */

/** The decision's cost in a real store: decode the value, compute, encode the result. */
function decide(n: number): number {
  return (JSON.parse(JSON.stringify({ n })) as { n: number }).n;
}

/** S01: read, add one, write back (lost updates). */
export function naiveIncrement(cells: Int32Array, i: number): void {
  cells[i] = decide(cells[i]!) + 1;
}

/**
 * S03: read the count; when under the limit, write count + 1 and admit (over-admission).
 * `between` runs between the read and the write — the handler's other work; the stress tests pass
 * a barrier there so every thread reads before any writes, and the race shows on any machine load.
 */
export function naiveAdmit(
  cells: Int32Array,
  i: number,
  limit: number,
  between: () => void = () => {},
): boolean {
  const n = decide(cells[i]!);
  between();
  if (n >= limit) return false;
  cells[i] = n + 1;
  return true;
}

/** S05: if nobody holds the key, take it (several winners). `between` as in {@link naiveAdmit}. */
export function naiveClaim(
  cells: Int32Array,
  i: number,
  me: number,
  between: () => void = () => {},
): boolean {
  const free = decide(cells[i]!) === 0;
  between();
  if (!free) return false;
  cells[i] = me;
  return true;
}
