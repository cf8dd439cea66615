/**
 * Benchmark plumbing: measure two sides of one comparison in the same run with mitata's
 * `measure`, and turn the results into ratio rows (raceless ÷ peer, higher is better).
 */
import { measure } from 'mitata';

/** How long to sample each side: `full` for `npm run bench`, `smoke` for the test that checks the suite runs. */
export type Budget = 'full' | 'smoke';

/** One side of a comparison: a function whose one call is `ops` operations. */
export interface Side {
  readonly name: string;
  readonly fn: () => unknown;
  /** Operations per call (e.g. 1,000 for a batch of 1,000 contending tasks). Default 1. */
  readonly ops?: number;
}

/** A comparison: raceless against a peer or a physical limit, with the target ratio. */
export interface Comparison {
  readonly group: string;
  readonly raceless: Side;
  readonly peer: Side;
  /** Minimum acceptable raceless ÷ peer ops/s (or maximum, for `lowerIsBetter` overheads). */
  readonly target?: number;
  readonly note?: string;
}

/** A measured comparison. */
export interface Row {
  readonly group: string;
  readonly raceless: string;
  readonly peer: string;
  readonly racelessOps: number;
  readonly peerOps: number;
  readonly ratio: number;
  readonly target?: number;
  readonly met?: boolean;
  readonly note?: string;
}

async function opsPerSecond(side: Side, budget: Budget): Promise<number> {
  const stats = await measure(side.fn as () => unknown, {
    min_cpu_time: budget === 'full' ? 642 * 1e6 : 5 * 1e6,
    min_samples: budget === 'full' ? 12 : 2,
    max_samples: budget === 'full' ? 1e9 : 50,
  });
  return ((side.ops ?? 1) * 1e9) / stats.avg;
}

/** Measures both sides of each comparison, alternating so drift hits both alike. */
export async function compare(comparisons: readonly Comparison[], budget: Budget): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of comparisons) {
    const peerOps = await opsPerSecond(c.peer, budget);
    const racelessOps = await opsPerSecond(c.raceless, budget);
    const ratio = racelessOps / peerOps;
    rows.push({
      group: c.group,
      raceless: c.raceless.name,
      peer: c.peer.name,
      racelessOps,
      peerOps,
      ratio,
      target: c.target,
      met: c.target === undefined ? undefined : ratio >= c.target,
      note: c.note,
    });
  }
  return rows;
}

function fmtOps(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

/** A Markdown table of rows. */
export function markdown(rows: readonly Row[]): string {
  const lines = [
    '| comparison | raceless | ops/s | peer | ops/s | ratio | target |',
    '|---|---|---:|---|---:|---:|---|',
  ];
  for (const r of rows) {
    const target = r.target === undefined ? '' : `≥ ${r.target}× ${r.met ? 'met' : '**missed**'}`;
    lines.push(
      `| ${r.group} | ${r.raceless} | ${fmtOps(r.racelessOps)} | ${r.peer} | ${fmtOps(r.peerOps)} | ${r.ratio.toFixed(2)}× | ${target} |`,
    );
  }
  return lines.join('\n');
}
