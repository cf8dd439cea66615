// A decision reclaims expired entries, and reclaiming publishes an `expired` table event whose
// subscribers run synchronously — and may call the limiter again. That nested call runs before
// the decision reads its key, never between its read and its write: at limit 1, of an outer and a
// nested consume of one key exactly one passes, and the key holds both calls' counts. On the
// memory store's one-item step, on the store path (`Store.rateLimit`), and for consumeAll.
import assert from 'node:assert/strict';
import diagnostics_channel from 'node:diagnostics_channel';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import type { TableEvent } from '../../src/events.js';
import { RateLimiter, type RateLimitResult } from '../../src/limit/RateLimiter.js';
import { MemoryStore } from '../../src/store/memory.js';

/** A MemoryStore by subclass: the same store, without the synchronous steps. */
class StorePath extends MemoryStore {}

for (const [label, make] of [
  ['one-item step', (clock: ManualClock) => new MemoryStore({ clock })],
  ['store path', (clock: ManualClock) => new StorePath({ clock })],
] as const) {
  for (const viaAll of [false, true]) {
    test(`${label}${viaAll ? ', consumeAll' : ''}: a call made by an expired-event listener is not lost`, async () => {
      const clock = new ManualClock(1_000);
      const store = make(clock);
      const limiter = new RateLimiter('nested', {
        store,
        algorithm: 'fixed-window',
        limit: 1,
        windowMs: 10,
      });
      await limiter.consume('old'); // expires at 1,010: the next write step reclaims it
      clock.advance(15);
      const nested: Promise<RateLimitResult>[] = [];
      const listener = (m: unknown) => {
        const e = m as TableEvent;
        if (e.table === 'raceless:limit:nested' && e.event === 'expired' && nested.length === 0) {
          nested.push(limiter.consume('k'));
        }
      };
      diagnostics_channel.subscribe('raceless:table', listener);
      let outer: RateLimitResult;
      try {
        outer = viaAll
          ? (await RateLimiter.consumeAll([{ limiter, key: 'k' }])).results[0]!
          : await limiter.consume('k');
      } finally {
        diagnostics_channel.unsubscribe('raceless:table', listener);
      }
      assert.equal(nested.length, 1, 'the listener ran inside the decision');
      const inner = await nested[0]!;
      assert.deepEqual([inner.allowed, outer.allowed], [true, false]);
      assert.equal(outer.violations, 1);
      assert.deepEqual(await store.get('raceless:limit:nested', 'sk'), {
        a: 'fixed-window',
        s: { w: 1_010, n: 1 },
        v: 1,
        vw: 1_010,
      });
    });
  }
}
