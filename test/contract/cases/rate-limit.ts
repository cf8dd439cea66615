import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LimitItem, LimitRule } from '../../../src/store/contract.js';
import type { Backend, Harness } from '../harness.js';

let seq = 0;
const table = () => `contract-limit-${process.pid}-${++seq}`;
const rule = (r: Partial<LimitRule> = {}): LimitRule => ({
  algorithm: 'fixed-window',
  limit: 5,
  windowMs: 60_000,
  ...r,
});
const item = (t: string, key: string, r: LimitRule = rule(), cost = 1): LimitItem => ({
  table: t,
  key,
  rule: r,
  cost,
});

function clockOf(h: Harness) {
  if (h.clock === undefined) throw new Error('needs a manual clock');
  return h.clock;
}

export function rateLimit(b: Backend): void {
  const clocked = (h: Harness, t: { skip: (m: string) => void }) => {
    if (h.clock === undefined) {
      t.skip('needs an injected clock');
      return false;
    }
    return true;
  };

  for (const algorithm of ['fixed-window', 'sliding-window', 'token-bucket', 'gcra'] as const) {
    test(`${algorithm}: concurrent consumes admit exactly the limit; rejected ones consume nothing`, async () => {
      const h = await b.setup();
      const t = table();
      const r = rule({ algorithm });
      const rs = await Promise.all(
        Array.from({ length: 50 }, () =>
          h.store.rateLimit({ op: 'consume', items: [item(t, 'sk', r)] }),
        ),
      );
      assert.equal(rs.filter((x) => x.allowed).length, 5);
      const peek = await h.store.rateLimit({ op: 'peek', items: [item(t, 'sk', r)] });
      assert.equal(peek.items[0]!.remaining, 0);
      assert.equal(peek.allowed, false);
      await h.dispose();
    });
  }

  test('a multi-item consume is all or nothing; duplicates see each other', async () => {
    const h = await b.setup();
    const t1 = table();
    const t2 = table();
    const small = rule({ limit: 1 });
    assert.equal(
      (await h.store.rateLimit({ op: 'consume', items: [item(t2, 'sk', small)] })).allowed,
      true,
    );
    const r = await h.store.rateLimit({
      op: 'consume',
      items: [item(t1, 'sk', rule(), 3), item(t2, 'sk', small)],
    });
    assert.equal(r.allowed, false);
    assert.deepEqual(
      r.items.map((i) => i.allowed),
      [true, false],
    );
    const p = await h.store.rateLimit({ op: 'peek', items: [item(t1, 'sk')] });
    assert.equal(p.items[0]!.remaining, 5); // the passing item was not consumed
    const dup = await h.store.rateLimit({
      op: 'consume',
      items: [item(t1, 'sk', rule(), 3), item(t1, 'sk', rule(), 3)],
    });
    assert.equal(dup.allowed, false);
    assert.equal(
      (await h.store.rateLimit({ op: 'peek', items: [item(t1, 'sk')] })).items[0]!.remaining,
      5,
    );
    await h.dispose();
  });

  test('consumeOnReject consumes every item; violations count only failing items', async () => {
    const h = await b.setup();
    const t = table();
    const r = rule({ limit: 2 });
    await h.store.rateLimit({ op: 'consume', items: [item(t, 'sk', r, 2)] });
    const x = await h.store.rateLimit({
      op: 'consume',
      items: [item(t, 'sk', r)],
      consumeOnReject: true,
    });
    assert.deepEqual([x.allowed, x.items[0]!.violations], [false, 1]);
    const y = await h.store.rateLimit({ op: 'refund', items: [item(t, 'sk', r, 2)] });
    assert.equal(y.items[0]!.remaining, 1); // 3 consumed, 2 refunded
    await h.dispose();
  });

  test('refund floors at the empty state; peek writes nothing', async () => {
    const h = await b.setup();
    const t = table();
    await h.store.rateLimit({ op: 'consume', items: [item(t, 'sk')] });
    const r = await h.store.rateLimit({ op: 'refund', items: [item(t, 'sk', rule(), 5)] });
    assert.equal(r.items[0]!.remaining, 5);
    await h.store.rateLimit({ op: 'peek', items: [item(t, 'sother')] });
    assert.equal(await h.store.size(t), 0); // empty states are not stored
    await h.dispose();
  });

  test('automatic block: exactly one newlyBlocked; blocked calls count no violation', async () => {
    const h = await b.setup();
    const t = table();
    const r = rule({ limit: 1, blockAfter: 10, blockMs: 60_000 });
    await h.store.rateLimit({ op: 'consume', items: [item(t, 'sk', r)] });
    const rs = await Promise.all(
      Array.from({ length: 30 }, () =>
        h.store.rateLimit({ op: 'consume', items: [item(t, 'sk', r)] }),
      ),
    );
    assert.equal(rs.filter((x) => x.items[0]!.newlyBlocked).length, 1);
    assert.equal(rs.filter((x) => x.items[0]!.blockedUntilMs > 0).length, 21);
    await h.dispose();
  });

  test('every written key expires; block lasts blockMs', async (t) => {
    const h = await b.setup();
    if (!clocked(h, t)) return;
    const clock = clockOf(h);
    const tb = table();
    const r = rule({ windowMs: 1_000 });
    await h.store.rateLimit({ op: 'consume', items: [item(tb, 'sa', r)] });
    await h.store.rateLimit({ op: 'refund', items: [item(tb, 'sb', r)] });
    await h.store.rateLimit({ op: 'block', items: [item(tb, 'sc', r, 0)], blockMs: 5_000 });
    clock.advance(1_000);
    assert.equal(await h.store.size(tb), 1); // only the block remains
    const blocked = await h.store.rateLimit({ op: 'consume', items: [item(tb, 'sc', r)] });
    assert.deepEqual([blocked.allowed, blocked.items[0]!.retryAfterMs], [false, 4_000]);
    clock.advance(4_000);
    assert.equal(await h.store.size(tb), 0);
    assert.equal(
      (await h.store.rateLimit({ op: 'consume', items: [item(tb, 'sc', r)] })).allowed,
      true,
    );
    await h.dispose();
  });

  test('times are the store clock: nowMs, resetAtMs, retryAfterMs', async (t) => {
    const h = await b.setup();
    if (!clocked(h, t)) return;
    const clock = clockOf(h);
    const tb = table();
    const r = rule({ limit: 1, windowMs: 1_000 });
    clock.set(Math.ceil(clock.now() / 1_000) * 1_000 + 250);
    await h.store.rateLimit({ op: 'consume', items: [item(tb, 'sk', r)] });
    const x = await h.store.rateLimit({ op: 'consume', items: [item(tb, 'sk', r)] });
    assert.equal(x.nowMs, clock.now());
    assert.equal(x.items[0]!.resetAtMs, clock.now() + 750);
    assert.equal(x.items[0]!.retryAfterMs, 750);
    await h.dispose();
  });
}
