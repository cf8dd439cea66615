// Property: on a plain MemoryStore, RateLimiter's one-item calls (consume, peek, refund, block)
// take the store's allocation-free step (`decideSingle`, which updates stored values in place),
// and every answer and every stored value is exactly what `decideLimits` — the pure function the
// workers store and the Redis script mirror — gives on a plain model of the table. The sequences
// mix all four algorithms (two of them sharing one limiter name, so one reads the other's values
// as empty), costs, consumeOnReject, automatic and manual blocks, multi-item consumeAll (the
// generic path, writing values the fast path later updates), values written by someone else
// (wrong shapes, extra fields, frozen objects) and clock steps onto and just before expiries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { ManualClock } from '../../src/clock.js';
import type { Data } from '../../src/data.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { encodeKey, type Key } from '../../src/keys.js';
import { windowStart } from '../../src/limit/algorithms/types.js';
import { decideLimits } from '../../src/limit/decide.js';
import { RateLimiter, type RateLimitResult } from '../../src/limit/RateLimiter.js';
import type {
  LimitAlgorithm,
  LimitItem,
  LimitItemOutcome,
  LimitRequest,
} from '../../src/store/contract.js';
import { MemoryStore, memorySync } from '../../src/store/memory.js';
import { ALGORITHMS } from './helpers.js';

interface Cfg {
  name: string;
  algorithm: LimitAlgorithm;
  limit: number;
  windowMs: number;
  extra: number;
  block: { blockAfter: number; blockMs: number } | undefined;
  violationWindowMs: number | undefined;
  consumeOnReject: boolean;
}

const cfgArb: fc.Arbitrary<Cfg> = fc.record({
  name: fc.constantFrom('a', 'b'),
  algorithm: fc.constantFrom(...ALGORITHMS),
  limit: fc.integer({ min: 1, max: 6 }),
  windowMs: fc.integer({ min: 1, max: 40 }),
  extra: fc.integer({ min: 1, max: 6 }),
  block: fc.option(
    fc.record({
      blockAfter: fc.integer({ min: 1, max: 3 }),
      blockMs: fc.integer({ min: 1, max: 50 }),
    }),
    { nil: undefined },
  ),
  violationWindowMs: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  consumeOnReject: fc.boolean(),
});

// A number field of a value written by someone else: small, unsafe, fractional, a string, or a
// time near the clock (optionally aligned to the start of the current or previous window).
type Num = { n: number } | { rel: number } | { win: 0 | 1 | 2; vw: boolean } | { text: string };
const numArb: fc.Arbitrary<Num> = fc.oneof(
  fc.record({ n: fc.constantFrom(-2, 0, 1, 2, 3, 5, 7, 1.5, 2 ** 53) }),
  fc.record({ rel: fc.integer({ min: -80, max: 80 }) }),
  fc.record({ win: fc.constantFrom(0 as const, 1 as const, 2 as const), vw: fc.boolean() }),
  fc.record({ win: fc.constant(0 as const), vw: fc.constant(true) }),
  fc.record({ text: fc.constantFrom('1', '') }),
);
const fieldNames = ['w', 'n', 'c', 'p', 't', 'k', 'x', 'z'];
const stateFields: Record<LimitAlgorithm, readonly string[]> = {
  'fixed-window': ['w', 'n'],
  'sliding-window': ['w', 'c', 'p'],
  'token-bucket': ['t', 'k'],
  gcra: ['t', 'x'],
};
// A value written by someone else: a scalar, an array, an object of any fields, or (mostly) the
// shape decideLimits writes — for this limiter's algorithm or another — with one change: an
// extra field outside or inside, a state field missing, renamed or not a safe integer; and
// maybe frozen.
interface Foreign {
  kind: 'scalar' | 'array' | 'object' | 'shaped';
  scalar: Data;
  a: string | undefined;
  s: 'missing' | 'array' | 'number' | Record<string, Num>;
  extras: Record<string, Num>;
  ownAlgorithm: boolean;
  state: [Num, Num, Num];
  change: 'none' | 'extra-outer' | 'extra-inner' | 'drop-inner' | 'rename-inner' | 'bad-inner';
  /** The state field changed (modulo their number). */
  which: number;
  freeze: 'none' | 'outer' | 'inner' | 'deep';
}
const stateNumArb: fc.Arbitrary<Num> = fc.oneof(
  fc.record({ win: fc.constantFrom(0 as const, 1 as const, 2 as const), vw: fc.constant(false) }),
  fc.record({ rel: fc.integer({ min: -80, max: 0 }) }),
  fc.record({ n: fc.integer({ min: 0, max: 12 }) }),
);
const foreignArb: fc.Arbitrary<Foreign> = fc.record({
  kind: fc.constantFrom(
    'scalar' as const,
    'array' as const,
    'object' as const,
    'shaped' as const,
    'shaped' as const,
    'shaped' as const,
    'shaped' as const,
    'shaped' as const,
  ),
  scalar: fc.constantFrom<Data>(null, 3, 'x', true),
  a: fc.option(fc.constantFrom<string>(...ALGORITHMS, 'leaky'), { nil: undefined }),
  s: fc.oneof(
    fc.constantFrom('missing' as const, 'array' as const, 'number' as const),
    fc.dictionary(fc.constantFrom(...fieldNames), numArb, { maxKeys: 4 }),
  ),
  extras: fc.dictionary(fc.constantFrom('v', 'vw', 'b', 'z'), numArb, { maxKeys: 3 }),
  ownAlgorithm: fc.constantFrom(true, true, true, false),
  state: fc.tuple(stateNumArb, stateNumArb, stateNumArb),
  change: fc.constantFrom(
    'none' as const,
    'extra-outer' as const,
    'extra-inner' as const,
    'drop-inner' as const,
    'rename-inner' as const,
    'bad-inner' as const,
  ),
  which: fc.nat(2),
  freeze: fc.constantFrom(
    'none' as const,
    'none' as const,
    'none' as const,
    'outer' as const,
    'inner' as const,
    'deep' as const,
  ),
});

type Op =
  | { k: 'consume'; l: number; key: number; cost: number | undefined; cor: boolean | undefined }
  | { k: 'peek'; l: number; key: number; cost: number | undefined }
  | { k: 'refund'; l: number; key: number; cost: number | undefined }
  | { k: 'block'; l: number; key: number; ms: number }
  | { k: 'all'; checks: { l: number; key: number; cost: number }[]; cor: boolean | undefined }
  | { k: 'advance'; ms: number }
  | { k: 'toExpiry'; early: boolean }
  | { k: 'put'; l: number; key: number; value: Foreign; ttlMs: number | undefined };

const l = fc.nat(3);
const key = fc.nat(2);
const cost = fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      k: fc.constant('consume' as const),
      l,
      key,
      cost,
      cor: fc.option(fc.boolean(), { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('peek' as const), l, key, cost }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('refund' as const), l, key, cost }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('block' as const),
      l,
      key,
      ms: fc.integer({ min: 1, max: 60 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('all' as const),
      checks: fc.array(fc.record({ l, key, cost: fc.integer({ min: 0, max: 6 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
      cor: fc.option(fc.boolean(), { nil: undefined }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('advance' as const),
      ms: fc.oneof(fc.nat(3), fc.nat(45)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('toExpiry' as const), early: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('put' as const),
      l,
      key,
      value: foreignArb,
      ttlMs: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    }),
  },
);

const KEYS: readonly Key[] = ['k0', 'k1', ['t', 1]];

/** The table as `decideLimits` sees it: value and expiry per encoded key. */
class Model {
  readonly entries = new Map<string, { value: Data; expiresAt: number }>();

  live(table: string, key: string, now: number): Data | undefined {
    const e = this.entries.get(`${table}\u0000${key}`);
    return e !== undefined && e.expiresAt > now ? e.value : undefined;
  }

  run(request: LimitRequest, now: number) {
    const values = request.items.map((item) => this.live(item.table, item.key, now));
    const { response, writes } = decideLimits(request, values, now);
    for (const w of writes) {
      const id = `${w.table}\u0000${w.key}`;
      if (w.value === null) this.entries.delete(id);
      else this.entries.set(id, { value: structuredClone(w.value), expiresAt: now + w.ttlMs });
    }
    return response;
  }

  put(table: string, key: string, value: Data, expiresAt: number): void {
    this.entries.set(`${table}\u0000${key}`, { value: structuredClone(value), expiresAt });
  }

  nextExpiry(now: number): number | undefined {
    let min: number | undefined;
    for (const e of this.entries.values()) {
      if (e.expiresAt > now && e.expiresAt !== Number.POSITIVE_INFINITY)
        min = min === undefined ? e.expiresAt : Math.min(min, e.expiresAt);
    }
    return min;
  }
}

function expected(limiter: RateLimiter, out: LimitItemOutcome, nowMs: number): RateLimitResult {
  return {
    allowed: out.allowed,
    remaining: out.remaining,
    limit: limiter.capacity,
    windowMs: limiter.rule.windowMs,
    resetAtMs: out.resetAtMs,
    retryAfterMs: out.retryAfterMs,
    blocked: out.blockedUntilMs > 0,
    blockedUntilMs: out.blockedUntilMs,
    newlyBlocked: out.newlyBlocked,
    violations: out.violations,
    nowMs,
  };
}

function num(x: Num, now: number, cfg: Cfg): Data {
  if ('n' in x) return x.n;
  if ('rel' in x) return now + x.rel;
  if ('text' in x) return x.text;
  const len = x.vw ? (cfg.violationWindowMs ?? cfg.windowMs) : cfg.windowMs;
  return windowStart(now, len) - x.win * len;
}

function foreignValue(f: Foreign, now: number, cfg: Cfg): Data {
  if (f.kind === 'scalar') return f.scalar;
  if (f.kind === 'array') return [1, 2];
  const value: Record<string, Data> = {};
  if (f.kind === 'shaped') {
    const alg = f.ownAlgorithm
      ? cfg.algorithm
      : ALGORITHMS[(ALGORITHMS.indexOf(cfg.algorithm) + 1) % ALGORITHMS.length]!;
    const s: Record<string, Data> = {};
    stateFields[alg].forEach((name, i) => {
      s[name] = num(f.state[i]!, now, cfg);
    });
    const names = stateFields[alg];
    if (f.change === 'extra-inner') s.z = 1;
    const field = names[f.which % names.length]!;
    if (f.change === 'drop-inner' || f.change === 'rename-inner') {
      if (f.change === 'rename-inner') s.z = s[field]!;
      delete s[field];
    }
    if (f.change === 'bad-inner') s[field] = 1.5;
    value.a = alg;
    value.s = s;
    for (const [k, x] of Object.entries(f.extras)) if (k !== 'z') value[k] = num(x, now, cfg);
    if (f.change === 'extra-outer') value.z = 1;
    return value;
  }
  if (f.a !== undefined) value.a = f.a;
  if (f.s === 'array') value.s = [];
  else if (f.s === 'number') value.s = 1;
  else if (f.s !== 'missing') {
    const s: Record<string, Data> = {};
    for (const [k, x] of Object.entries(f.s)) s[k] = num(x, now, cfg);
    value.s = s;
  }
  for (const [k, x] of Object.entries(f.extras)) value[k] = num(x, now, cfg);
  return value;
}

let fastSteps = 0;

/** Runs `ops` on limiters `cfgs` over one MemoryStore and over the model, comparing each step. */
async function run(cfgs: readonly Cfg[], start: number, ops: readonly Op[]): Promise<void> {
  const clock = new ManualClock(start);
  const store = new MemoryStore({ clock });
  const sync = memorySync(store)!;
  const step = sync.rateLimitOne;
  sync.rateLimitOne = (...args) => {
    fastSteps++;
    return step(...args);
  };
  const limiters = cfgs.map(
    (c) =>
      new RateLimiter(c.name, {
        store,
        algorithm: c.algorithm,
        limit: c.limit,
        windowMs: c.windowMs,
        ...(c.algorithm === 'token-bucket' ? { refill: Math.min(c.extra, c.limit) } : {}),
        ...(c.algorithm === 'gcra' ? { burst: c.extra } : {}),
        ...(c.block ?? {}),
        violationWindowMs: c.violationWindowMs,
        consumeOnReject: c.consumeOnReject,
      }),
  );
  const tables = [...new Set(cfgs.map((c) => `raceless:limit:${c.name}`))];
  const model = new Model();
  const item = (i: number, k: number, c: number | undefined): LimitItem => ({
    table: `raceless:limit:${cfgs[i]!.name}`,
    key: encodeKey(KEYS[k]!),
    rule: limiters[i]!.rule,
    cost: Math.min(c ?? 1, limiters[i]!.capacity),
  });
  for (const [n, op] of ops.entries()) {
    const now = clock.now();
    const at = `op ${n} ${JSON.stringify(op)} at ${now}`;
    switch (op.k) {
      case 'consume':
      case 'peek':
      case 'refund': {
        const lim = limiters[op.l]!;
        const it = item(op.l, op.key, op.cost);
        const options = op.cost === undefined ? undefined : { cost: it.cost };
        let r: RateLimitResult;
        let res: ReturnType<Model['run']>;
        if (op.k === 'consume') {
          r = await lim.consume(
            KEYS[op.key]!,
            op.cor === undefined ? options : { ...options, consumeOnReject: op.cor },
          );
          res = model.run(
            {
              op: 'consume',
              items: [it],
              consumeOnReject: op.cor ?? cfgs[op.l]!.consumeOnReject,
            },
            now,
          );
        } else {
          r = await lim[op.k](KEYS[op.key]!, options);
          res = model.run({ op: op.k, items: [it] }, now);
        }
        assert.deepEqual(r, expected(lim, res.items[0]!, res.nowMs), at);
        break;
      }
      case 'block': {
        const lim = limiters[op.l]!;
        const r = await lim.block(KEYS[op.key]!, op.ms);
        const res = model.run({ op: 'block', items: [item(op.l, op.key, 0)], blockMs: op.ms }, now);
        assert.deepEqual(r, expected(lim, res.items[0]!, res.nowMs), at);
        break;
      }
      case 'all': {
        const checks = op.checks.map((c) => ({
          limiter: limiters[c.l]!,
          key: KEYS[c.key]!,
          cost: Math.min(c.cost, limiters[c.l]!.capacity),
        }));
        // One key checked under two rules (limiters sharing a name, not their options)
        // is refused at the door, before anything is written.
        const clash = op.checks.findIndex((c, i) =>
          op.checks.some(
            (d, j) =>
              j < i &&
              d.key === c.key &&
              cfgs[d.l]!.name === cfgs[c.l]!.name &&
              !isDeepStrictEqual(limiters[d.l]!.rule, limiters[c.l]!.rule),
          ),
        );
        if (clash >= 0) {
          await assert.rejects(
            RateLimiter.consumeAll(checks),
            (e: unknown) =>
              e instanceof InvalidArgumentError && e.argument === `checks[${clash}].limiter`,
            at,
          );
          break;
        }
        const r = await RateLimiter.consumeAll(
          checks,
          op.cor === undefined ? undefined : { consumeOnReject: op.cor },
        );
        const res = model.run(
          {
            op: 'consume',
            items: op.checks.map((c) => item(c.l, c.key, c.cost)),
            consumeOnReject: op.cor,
          },
          now,
        );
        assert.equal(r.allowed, res.allowed, at);
        assert.deepEqual(
          r.results,
          res.items.map((o, i) => expected(limiters[op.checks[i]!.l]!, o, res.nowMs)),
          at,
        );
        break;
      }
      case 'advance':
        clock.advance(op.ms);
        break;
      case 'toExpiry': {
        const next = model.nextExpiry(now);
        if (next !== undefined) clock.set(Math.max(now, next - (op.early ? 1 : 0)));
        break;
      }
      case 'put': {
        const cfg = cfgs[op.l]!;
        const value = foreignValue(op.value, now, cfg);
        const it = item(op.l, op.key, 0);
        const mine = structuredClone(value);
        if (op.value.freeze !== 'none') {
          if (op.value.freeze !== 'inner') Object.freeze(mine);
          const s = (mine as Record<string, Data> | null)?.s;
          if (op.value.freeze !== 'outer' && typeof s === 'object') Object.freeze(s);
        }
        await store.put(it.table, [{ key: it.key, value: mine, ttlMs: op.ttlMs }], 'set', {});
        model.put(
          it.table,
          it.key,
          value,
          op.ttlMs === undefined ? Number.POSITIVE_INFINITY : now + op.ttlMs,
        );
        break;
      }
    }
    // Every key's stored value (and so its expiry, as the clock moves) is the model's.
    const t = clock.now();
    for (const table of tables) {
      for (const k of KEYS) {
        const encoded = encodeKey(k);
        assert.deepEqual(
          await store.get(table, encoded),
          model.live(table, encoded, t),
          `${at}: ${table} ${encoded} at ${t}`,
        );
      }
    }
  }
}

test('one-item calls on a memory store answer and store exactly what decideLimits does', async () => {
  fastSteps = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(cfgArb, { minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 10 ** 12 }),
      fc.array(opArb, { minLength: 1, maxLength: 80, size: 'max' }),
      run,
    ),
    { numRuns: 300 },
  );
  assert.ok(fastSteps > 1_000, 'the one-item calls took the fast path');
});

test('a value written by someone else is read, updated or replaced exactly as decideLimits does', async () => {
  // One key: a foreign value, then a few calls on it (in place only when its shape is exact).
  const callArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      k: fc.constant('consume' as const),
      l: fc.constant(0),
      key: fc.constant(0),
      cost,
      cor: fc.option(fc.boolean(), { nil: undefined }),
    }),
    fc.record({
      k: fc.constantFrom('peek' as const, 'refund' as const),
      l: fc.constant(0),
      key: fc.constant(0),
      cost,
    }),
    fc.record({
      k: fc.constant('block' as const),
      l: fc.constant(0),
      key: fc.constant(0),
      ms: fc.integer({ min: 1, max: 60 }),
    }),
    fc.record({ k: fc.constant('advance' as const), ms: fc.nat(3) }),
  );
  await fc.assert(
    fc.asyncProperty(
      cfgArb,
      fc.integer({ min: 0, max: 10 ** 12 }),
      foreignArb,
      fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
      fc.array(callArb, { minLength: 1, maxLength: 6 }),
      (cfg, start, value, ttlMs, calls) =>
        run([cfg], start, [{ k: 'put', l: 0, key: 0, value, ttlMs }, ...calls]),
    ),
    { numRuns: 4_000 },
  );
});
