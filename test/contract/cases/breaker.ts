import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BreakerCommand, BreakerRule } from '../../../src/store/contract.js';
import type { Backend, Harness } from '../harness.js';

let seq = 0;
const rule: BreakerRule = {
  consecutiveFailures: 2,
  failureRatio: 0,
  ratioWindowMs: 60_000,
  minimumCalls: 10,
  halfOpenTrials: 2,
  trialTimeoutMs: 5_000,
  openMs: 1_000,
  maxOpenMs: 8_000,
  backoffMultiplier: 2,
  idleTtlMs: 3_600_000,
};

function on(h: Harness) {
  const table = `contract-breaker-${process.pid}-${++seq}`;
  return (command: BreakerCommand) => h.store.breaker(table, 'sb', command, rule);
}

export function breaker(b: Backend): void {
  const clocked = (h: Harness, t: { skip: (m: string) => void }) => {
    if (h.clock === undefined) t.skip('needs an injected clock');
    return h.clock;
  };

  test('closed admits; consecutive failures of the current generation open it', async () => {
    const h = await b.setup();
    const call = on(h);
    const a = await call({ op: 'admit', token: 't1' });
    assert.deepEqual([a.admitted, a.trial, a.state], [true, false, 'closed']);
    await call({ op: 'record', generation: a.generation, outcome: 'failure' });
    const r = await call({ op: 'record', generation: a.generation, outcome: 'failure' });
    assert.equal(r.state, 'open');
    assert.deepEqual(
      r.transitions.map((t) => [t.from, t.to]),
      [['closed', 'open']],
    );
    assert.equal(r.generation, a.generation + 1);
    const stale = await call({ op: 'record', generation: a.generation, outcome: 'success' });
    assert.deepEqual([stale.stale, stale.state, stale.counters.staleOutcomes], [true, 'open', 1]);
    const rej = await call({ op: 'admit', token: 't2' });
    assert.deepEqual([rej.admitted, rej.counters.rejections], [false, 1]);
    await h.dispose();
  });

  test('half-open: exactly halfOpenTrials leases under concurrency; all must succeed', async (t) => {
    const h = await b.setup();
    const clock = clocked(h, t);
    if (clock === undefined) return;
    const call = on(h);
    const a = await call({ op: 'admit', token: 'x' });
    await call({ op: 'record', generation: a.generation, outcome: 'failure' });
    await call({ op: 'record', generation: a.generation, outcome: 'failure' });
    clock.advance(1_000);
    assert.equal((await call({ op: 'peek' })).state, 'half-open');
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call({ op: 'admit', token: `t${i}` })),
    );
    const trials = rs.filter((r) => r.admitted);
    assert.equal(trials.length, 2);
    assert.ok(trials.every((r) => r.trial && r.trialDeadlineMs === clock.now() + 5_000));
    // The transition open → half-open was reported once, by the first writer.
    assert.equal(rs.filter((r) => r.transitions.length > 0).length, 1);
    const g = trials[0]!.generation;
    const tokens = rs.map((r, i) => (r.admitted ? `t${i}` : '')).filter(Boolean);
    const wrongToken = await call({
      op: 'record',
      generation: g,
      token: 'nope',
      outcome: 'success',
    });
    assert.equal(wrongToken.stale, true);
    await call({ op: 'record', generation: g, token: tokens[0], outcome: 'success' });
    const closed = await call({
      op: 'record',
      generation: g,
      token: tokens[1],
      outcome: 'success',
    });
    assert.equal(closed.state, 'closed');
    await h.dispose();
  });

  test('an expired trial lease is a failure at its deadline; open periods back off', async (t) => {
    const h = await b.setup();
    const clock = clocked(h, t);
    if (clock === undefined) return;
    const call = on(h);
    const a = await call({ op: 'admit', token: 'x' });
    await call({ op: 'record', generation: a.generation, outcome: 'failure' });
    await call({ op: 'record', generation: a.generation, outcome: 'failure' });
    clock.advance(1_000);
    await call({ op: 'admit', token: 'hung' });
    clock.advance(5_001);
    const p = await call({ op: 'peek' });
    assert.deepEqual([p.state, p.counters.timeouts, p.retryAfterMs], ['open', 1, 1_999]);
    await h.dispose();
  });

  test('isolate holds open until close; peek writes nothing', async () => {
    const h = await b.setup();
    const call = on(h);
    await call({ op: 'peek' });
    await call({ op: 'isolate' });
    assert.equal((await call({ op: 'admit', token: 'a' })).admitted, false);
    const c = await call({ op: 'close' });
    assert.equal(c.state, 'closed');
    assert.equal((await call({ op: 'admit', token: 'b' })).admitted, true);
    await h.dispose();
  });
}
