// On a plain MemoryStore, `execute` admits and records closed-state calls through the store's
// synchronous fast steps; any other store (here a MemoryStore subclass, which has none) runs the
// full `Store.breaker` steps. Property: the same random sequence of calls (succeeding, failing,
// filtered by isFailure, throwing synchronously, returning a plain value, held open and settled
// later — so outcomes arrive stale — with a caller signal), clock moves (window buckets, open
// periods, trial deadlines, idle expiry), resets and isolations gives the same results, the
// same calls of `fn` and the same stats() after every step on both.
// Scale: 150 runs of 10 to 50 steps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CircuitBreaker, type CircuitBreakerOptions } from '../../src/breaker/CircuitBreaker.js';
import { ManualClock } from '../../src/clock.js';
import type { Data } from '../../src/data.js';
import { encodeKey } from '../../src/keys.js';
import { MemoryStore, memorySync } from '../../src/store/memory.js';
import { FullStepStore, gate, settle } from './helpers.js';

type Outcome = 'ok' | 'fail' | 'filtered' | 'throw' | 'value' | 'hold';
type Step =
  | { op: 'call'; outcome: Outcome; signal: boolean }
  | { op: 'release'; pick: number; ok: boolean }
  | { op: 'tick'; ms: number }
  | { op: 'tickBy'; period: 'idle' | 'window' | 'bucket' | 'open' | 'trial'; delta: number }
  | { op: 'reset' | 'isolate' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('call' as const),
      outcome: fc.constantFrom<Outcome>('ok', 'ok', 'fail', 'filtered', 'throw', 'value', 'hold'),
      signal: fc.boolean().map((b) => b && Math.random() < 0.3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('release' as const),
      pick: fc.nat(),
      ok: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('tick' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 400 })),
    }),
  },
  {
    // Exactly one of the rule's periods (or 1 ms either side): boundaries of TTL and window.
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('tickBy' as const),
      period: fc.constantFrom(
        'idle' as const,
        'window' as const,
        'bucket' as const,
        'open' as const,
        'trial' as const,
      ),
      delta: fc.integer({ min: -1, max: 1 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constantFrom('reset' as const, 'isolate' as const) }),
  },
);

const optionsArb = fc.record({
  consecutiveFailures: fc.integer({ min: 1, max: 4 }),
  failureRatio: fc.option(fc.constantFrom(0.25, 0.5, 1), { nil: undefined }),
  ratioWindowMs: fc.integer({ min: 10, max: 200 }),
  minimumCalls: fc.integer({ min: 1, max: 6 }),
  halfOpenTrials: fc.integer({ min: 1, max: 2 }),
  trialTimeoutMs: fc.integer({ min: 5, max: 100 }),
  openMs: fc.integer({ min: 5, max: 100 }),
  idleExtra: fc.integer({ min: 0, max: 300 }),
});

function side(store: MemoryStore, clock: ManualClock, options: CircuitBreakerOptions) {
  const breaker = new CircuitBreaker('db', {
    ...options,
    store,
    clock,
    isFailure: (e) => !(e instanceof TypeError),
  });
  const held: { resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const results: string[] = [];
  let ran = 0;
  const call = (outcome: Outcome, withSignal: boolean) => {
    const i = results.length;
    results.push('pending');
    const fn = () => {
      ran++;
      switch (outcome) {
        case 'ok':
          return Promise.resolve('v');
        case 'fail':
          return Promise.reject(new Error('down'));
        case 'filtered':
          return Promise.reject(new TypeError('bad input'));
        case 'throw':
          throw new Error('sync');
        case 'value':
          return 'plain';
        case 'hold': {
          const g = gate<string>();
          held.push(g);
          return g.promise;
        }
      }
    };
    const p = withSignal
      ? breaker.execute(fn, { signal: new AbortController().signal })
      : breaker.execute(fn);
    p.then(
      (v) => {
        results[i] = `ok:${v}`;
      },
      (e: { name: string; code?: string; message: string }) => {
        results[i] = `err:${e.name}:${e.code}:${e.message}`;
      },
    );
  };
  return { breaker, held, results, call, ran: () => ran, clock };
}

type Options = typeof optionsArb extends fc.Arbitrary<infer T> ? T : never;

async function run(options: Options, steps: Step[]) {
  const { idleExtra, ...rest } = options;
  const o: CircuitBreakerOptions = { ...rest, idleTtlMs: rest.ratioWindowMs + idleExtra };
  const periods = {
    idle: o.idleTtlMs!,
    window: rest.ratioWindowMs,
    bucket: Math.ceil(rest.ratioWindowMs / 10),
    open: rest.openMs,
    trial: rest.trialTimeoutMs,
  };
  const fastClock = new ManualClock(1_000);
  const fullClock = new ManualClock(1_000);
  const fast = side(new MemoryStore({ clock: fastClock }), fastClock, o);
  const full = side(new FullStepStore({ clock: fullClock }), fullClock, o);
  for (const s of steps) {
    for (const x of [fast, full]) {
      if (s.op === 'call') x.call(s.outcome, s.signal);
      else if (s.op === 'tick') x.clock.advance(s.ms);
      else if (s.op === 'tickBy') x.clock.advance(Math.max(0, periods[s.period] + s.delta));
      else if (s.op === 'release') {
        if (x.held.length > 0) {
          const g = x.held.splice(s.pick % x.held.length, 1)[0]!;
          if (s.ok) g.resolve('late');
          else g.reject(new Error('late failure'));
        }
      } else await x.breaker[s.op]();
      await settle(2);
    }
    assert.deepEqual(fast.results, full.results);
    assert.equal(fast.ran(), full.ran());
    assert.deepEqual(await fast.breaker.stats(), await full.breaker.stats());
  }
}

test('a plain MemoryStore has the fast path; a subclass does not', () => {
  assert.notEqual(memorySync(new MemoryStore()), undefined);
  assert.equal(memorySync(new FullStepStore()), undefined);
});

test('fast path and full steps: same results, calls and stats after every step', async () => {
  await fc.assert(
    fc.asyncProperty(optionsArb, fc.array(stepArb, { minLength: 10, maxLength: 50 }), run),
    { numRuns: 150 },
  );
});

test('a value that another operation wrote at the key goes through the full step', async () => {
  const planted: Data[] = [
    { s: 'closed', g: 5, cf: 'x', c: [1, 2], win: 'nope', leases: 3 },
    { s: 'closed', g: 'seven' },
    { s: 'open', g: 9, until: 0 },
    [1, 2, 3],
    'text',
  ];
  for (const value of planted) {
    const stats = [];
    for (const Store of [MemoryStore, FullStepStore]) {
      const clock = new ManualClock(1_000_000);
      const store = new Store({ clock });
      const b = new CircuitBreaker('db', { store, clock, consecutiveFailures: 2 });
      await store.put('raceless:breaker', [{ key: encodeKey('db', 'name'), value }], 'set', {});
      await b.execute(async () => 1);
      await b.execute(async () => Promise.reject(new Error('down'))).catch(() => {});
      stats.push(await b.stats());
    }
    assert.deepEqual(stats[0], stats[1], JSON.stringify(value));
  }
});

test('bad arguments: the same typed errors on both, and nothing written', async () => {
  const aborted = new AbortController();
  aborted.abort();
  const bad: [unknown, unknown][] = [
    [5, undefined],
    [undefined, undefined],
    [async () => 1, 'options'],
    [async () => 1, { timeout: 5 }],
    [async () => 1, { signal: {} }],
    [async () => 1, { signal: aborted.signal }],
  ];
  for (const [fn, options] of bad) {
    const errors = [];
    for (const store of [new MemoryStore(), new FullStepStore()]) {
      const b = new CircuitBreaker('db', { store });
      const p = b.execute(fn as never, options as never);
      const e = await p.then(
        () => assert.fail('resolved'),
        (error: { name: string; code: string; argument?: string }) => error,
      );
      errors.push([e.name, e.code, e.argument]);
      assert.equal(store.stats('raceless:breaker').entries, 0);
    }
    assert.deepEqual(errors[0], errors[1]);
  }
});
