/**
 * Memory footprint: heap bytes per key of a Table and a rate limiter holding 1,000,000 keys, next
 * to the peers holding the same keys. Needs `--expose-gc`.
 */

import { RateLimiter, Table } from 'raceless';
import { RateLimiterMemory } from 'rate-limiter-flexible';

export interface FootprintRow {
  readonly what: string;
  readonly keys: number;
  readonly bytesPerKey: number;
}

function heap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function perKey(keys: number, fill: (n: number) => Promise<unknown>): Promise<number> {
  const before = heap();
  const holder = await fill(keys);
  const after = heap();
  // Keep the structure alive until measured.
  if (holder === undefined) throw new Error('nothing held');
  return (after - before) / keys;
}

export async function footprint(keys: number): Promise<FootprintRow[]> {
  const rows: FootprintRow[] = [];
  rows.push({
    what: 'Map<string, number>',
    keys,
    bytesPerKey: await perKey(keys, async (n) => {
      const m = new Map<string, number>();
      for (let i = 0; i < n; i++) m.set(`user-${i}`, i);
      return m;
    }),
  });
  rows.push({
    what: 'Table<number> (memory store)',
    keys,
    bytesPerKey: await perKey(keys, async (n) => {
      const t = new Table<number>('footprint');
      for (let i = 0; i < n; i++) await t.set(`user-${i}`, i);
      return t;
    }),
  });
  rows.push({
    what: 'RateLimiter fixed window (memory store)',
    keys,
    bytesPerKey: await perKey(keys, async (n) => {
      const l = new RateLimiter('footprint', {
        algorithm: 'fixed-window',
        limit: 10,
        windowMs: 3_600_000,
      });
      for (let i = 0; i < n; i++) await l.consume(`user-${i}`);
      return l;
    }),
  });
  rows.push({
    what: 'rate-limiter-flexible RateLimiterMemory',
    keys,
    bytesPerKey: await perKey(keys, async (n) => {
      const l = new RateLimiterMemory({ points: 10, duration: 3_600 });
      for (let i = 0; i < n; i++) await l.consume(`user-${i}`);
      return l;
    }),
  });
  return rows;
}
