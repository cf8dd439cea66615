// The closed-state fast steps (closedAdmission, recordClosedInPlace) are exact equivalents of
// breakerStep where they accept, and change nothing where they decline. Property: from stored
// values reached by random breakerStep histories, every outcome/clock pair gives the same value,
// TTL and reply (no transition, not stale) as breakerStep, or leaves the value untouched.
// Scale: 300 histories of 10 to 40 steps, each checked after every step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  breakerStep,
  closedAdmission,
  recordClosedInPlace,
} from '../../src/breaker/transitions.js';
import type { Data } from '../../src/data.js';
import type { BreakerCommand, BreakerRule } from '../../src/store/contract.js';

const ruleArb: fc.Arbitrary<BreakerRule> = fc
  .record({
    consecutiveFailures: fc.integer({ min: 0, max: 4 }),
    failureRatio: fc.constantFrom(0, 0.25, 0.5, 1),
    ratioWindowMs: fc.integer({ min: 1, max: 200 }),
    minimumCalls: fc.integer({ min: 1, max: 6 }),
    halfOpenTrials: fc.integer({ min: 1, max: 2 }),
    trialTimeoutMs: fc.integer({ min: 1, max: 50 }),
    openMs: fc.integer({ min: 1, max: 50 }),
    idleExtra: fc.integer({ min: 0, max: 200 }),
  })
  .map(({ idleExtra, ...r }) => ({
    ...r,
    consecutiveFailures:
      r.consecutiveFailures === 0 && r.failureRatio === 0 ? 1 : r.consecutiveFailures,
    maxOpenMs: r.openMs * 4,
    backoffMultiplier: 2,
    idleTtlMs: r.ratioWindowMs + idleExtra,
  }));

type Step =
  | { kind: 'tick'; ms: number }
  | { kind: 'admit' }
  | { kind: 'record'; failed: boolean; current: boolean };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('tick' as const),
    ms: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 60 })),
  }),
  fc.record({ kind: fc.constant('admit' as const) }),
  fc.record({ kind: fc.constant('record' as const), failed: fc.boolean(), current: fc.boolean() }),
  fc.record({
    kind: fc.constant('record' as const),
    failed: fc.boolean(),
    current: fc.constant(true),
  }),
);

test('closed fast steps agree with breakerStep or decline without a change', () => {
  let accepted = 0;
  let declined = 0;
  fc.assert(
    fc.property(ruleArb, fc.array(stepArb, { minLength: 10, maxLength: 40 }), (rule, steps) => {
      let now = 1_000;
      let raw: Data | undefined;
      let seq = 0;
      const apply = (command: BreakerCommand) => {
        const r = breakerStep(raw, command, rule, now);
        if (r.write) raw = r.value;
        return r;
      };
      for (const s of steps) {
        if (s.kind === 'tick') {
          now += s.ms;
          continue;
        }
        // The admission: the fast form agrees with a full admit that writes nothing.
        const admitted = raw === undefined ? undefined : closedAdmission(raw);
        if (admitted !== undefined) {
          const full = breakerStep(raw, { op: 'admit', token: 'x' }, rule, now);
          assert.deepEqual(
            [full.reply.admitted, full.reply.trial, full.reply.generation, full.write],
            [true, false, admitted, false],
          );
        }
        if (s.kind === 'admit') {
          apply({ op: 'admit', token: `t${++seq}` });
          continue;
        }
        if (raw === undefined) continue;
        const current = breakerStep(raw, { op: 'peek' }, rule, now).reply.generation;
        const generation = s.current ? current : current - 1;
        const copy = structuredClone(raw);
        const ok = recordClosedInPlace(copy, generation, s.failed, rule, now);
        const before = structuredClone(raw);
        const full = breakerStep(
          raw,
          { op: 'record', generation, outcome: s.failed ? 'failure' : 'success' },
          rule,
          now,
        );
        if (ok) {
          accepted++;
          assert.deepEqual(copy, full.value);
          assert.equal(full.write, true);
          assert.equal(full.ttlMs, rule.idleTtlMs);
          assert.deepEqual([full.reply.transitions, full.reply.stale], [[], false]);
        } else {
          declined++;
          assert.deepEqual(copy, before);
        }
        if (full.write) raw = full.value;
      }
    }),
    { numRuns: 300 },
  );
  // Both branches were exercised (the property is not vacuous).
  assert.ok(accepted > 300 && declined > 300, `accepted ${accepted}, declined ${declined}`);
});

test('closedAdmission declines anything that is not a stored closed breaker', () => {
  assert.equal(closedAdmission(undefined), undefined);
  assert.equal(closedAdmission(null), undefined);
  assert.equal(closedAdmission(['closed']), undefined);
  assert.equal(closedAdmission({ s: 'open', g: 5 }), undefined);
  assert.equal(closedAdmission({ s: 'closed', g: 'x' }), undefined);
  assert.equal(closedAdmission({ s: 'closed', g: Number.NaN }), undefined);
  assert.equal(closedAdmission({ s: 'closed', g: 7 }), 7);
});
