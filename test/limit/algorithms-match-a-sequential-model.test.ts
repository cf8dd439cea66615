// Property: under random sequences of consume / refund / peek / clock steps, each algorithm
// (running inside the memory store) answers exactly like a small, independently written
// sequential model — allowed, remaining — and its retryAfterMs is exact: the model admits the
// same call after retryAfterMs and not 1 ms earlier.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import type { LimitAlgorithm } from '../../src/store/contract.js';
import { setup } from './helpers.js';

interface Cfg {
  limit: number;
  windowMs: number;
  extra: number; // token-bucket refill / gcra burst
}

/** A model: advanced 1 ms at a time, with the textbook definition of each algorithm. */
interface Model {
  now: number;
  tick(): void;
  consume(cost: number): boolean; // check and consume
  refund(cost: number): void;
  remaining(): number;
  clone(): Model;
}

function fixedModel(c: Cfg, now: number, init?: Map<number, number>): Model {
  // Cost per aligned window index floor(t / windowMs).
  const totals = new Map(init);
  const m: Model = {
    now,
    tick() {
      m.now++;
    },
    consume(cost) {
      const w = Math.floor(m.now / c.windowMs);
      const n = totals.get(w) ?? 0;
      if (n + cost > c.limit) return false;
      totals.set(w, n + cost);
      return true;
    },
    refund(cost) {
      const w = Math.floor(m.now / c.windowMs);
      totals.set(w, Math.max(0, (totals.get(w) ?? 0) - cost));
    },
    remaining: () => Math.max(0, c.limit - (totals.get(Math.floor(m.now / c.windowMs)) ?? 0)),
    clone: () => fixedModel(c, m.now, totals),
  };
  return m;
}

function slidingModel(c: Cfg, now: number, init?: Map<number, number>): Model {
  const totals = new Map(init);
  const W = c.windowMs;
  // The estimate, times W, so it stays an integer: prev·(W − e) + cur·W.
  const est = (t: number) => {
    const w = Math.floor(t / W);
    return (totals.get(w - 1) ?? 0) * (W - (t - w * W)) + (totals.get(w) ?? 0) * W;
  };
  const m: Model = {
    now,
    tick() {
      m.now++;
    },
    consume(cost) {
      if (est(m.now) + cost * W > c.limit * W) return false;
      const w = Math.floor(m.now / W);
      totals.set(w, (totals.get(w) ?? 0) + cost);
      return true;
    },
    refund(cost) {
      const w = Math.floor(m.now / W);
      totals.set(w, Math.max(0, (totals.get(w) ?? 0) - cost));
    },
    remaining: () => Math.max(0, Math.floor((c.limit * W - est(m.now)) / W)),
    clone: () => slidingModel(c, m.now, totals),
  };
  return m;
}

function bucketModel(c: Cfg, now: number, init?: { k: number; anchor: number }): Model {
  // Tokens refill by `extra` at each whole interval since the bucket last left "full".
  let k = init?.k ?? c.limit;
  let anchor = init?.anchor ?? now;
  const m: Model = {
    now,
    tick() {
      m.now++;
      if (k < c.limit && (m.now - anchor) % c.windowMs === 0) k = Math.min(c.limit, k + c.extra);
    },
    consume(cost) {
      if (k < cost) return false;
      if (k === c.limit) anchor = m.now;
      k -= cost;
      return true;
    },
    refund(cost) {
      k = Math.min(c.limit, k + cost);
    },
    remaining: () => k,
    clone: () => bucketModel(c, m.now, { k, anchor }),
  };
  return m;
}

function gcraModel(c: Cfg, now: number, init?: number): Model {
  // A bucket of `burst` cells refilled continuously at limit/windowMs: in units of 1/windowMs
  // cell, the level gains `limit` each ms, up to burst·windowMs; a cell costs windowMs.
  const cap = c.extra * c.windowMs;
  let level = init ?? cap;
  const m: Model = {
    now,
    tick() {
      m.now++;
      level = Math.min(cap, level + c.limit);
    },
    consume(cost) {
      if (level < cost * c.windowMs) return false;
      level -= cost * c.windowMs;
      return true;
    },
    refund(cost) {
      level = Math.min(cap, level + cost * c.windowMs);
    },
    remaining: () => Math.floor(level / c.windowMs),
    clone: () => gcraModel(c, m.now, level),
  };
  return m;
}

const models: Record<LimitAlgorithm, (c: Cfg, now: number) => Model> = {
  'fixed-window': (c, now) => fixedModel(c, now),
  'sliding-window': (c, now) => slidingModel(c, now),
  'token-bucket': (c, now) => bucketModel(c, now),
  gcra: (c, now) => gcraModel(c, now),
};

const opArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('consume' as const),
      cost: fc.integer({ min: 0, max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      cost: fc.integer({ min: 0, max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('peek' as const),
      cost: fc.integer({ min: 0, max: 6 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: 40 }),
    }),
  },
);

for (const algorithm of Object.keys(models) as LimitAlgorithm[]) {
  test(`${algorithm} matches its sequential model (fast-check)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 1_000 }),
        fc.array(opArb, { maxLength: 60 }),
        async (limit, windowMs, extraRaw, offset, ops) => {
          const extra =
            algorithm === 'token-bucket'
              ? Math.min(limit, extraRaw)
              : algorithm === 'gcra'
                ? extraRaw
                : 0;
          const capacity = algorithm === 'gcra' ? extra : limit;
          const cfg: Cfg = { limit, windowMs, extra };
          const { clock, store } = setup(1_000_000 + offset);
          const l = new RateLimiter('p', {
            store,
            algorithm,
            limit,
            windowMs,
            ...(algorithm === 'token-bucket' ? { refill: extra } : {}),
            ...(algorithm === 'gcra' ? { burst: extra } : {}),
          });
          const model = models[algorithm](cfg, clock.now());
          for (const op of ops) {
            if (op.kind === 'advance') {
              clock.advance(op.ms);
              for (let i = 0; i < op.ms; i++) model.tick();
              continue;
            }
            const cost = Math.min(op.cost, capacity);
            if (op.kind === 'consume') {
              const probe = model.clone();
              const r = await l.consume('k', { cost });
              assert.equal(r.allowed, model.consume(cost), `consume ${cost} at ${clock.now()}`);
              if (!r.allowed) {
                // retryAfterMs is exact against the model (nothing else happens meanwhile).
                const early = probe.clone();
                for (let i = 0; i < r.retryAfterMs - 1; i++) early.tick();
                assert.equal(early.consume(cost), false, `retryAfter ${r.retryAfterMs} too long`);
                for (let i = 0; i < r.retryAfterMs; i++) probe.tick();
                assert.equal(probe.consume(cost), true, `retryAfter ${r.retryAfterMs} too short`);
              }
            } else if (op.kind === 'refund') {
              await l.refund('k', { cost });
              model.refund(cost);
            }
            const peek = await l.peek('k', { cost });
            assert.equal(peek.remaining, model.remaining(), `remaining at ${clock.now()}`);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
}
