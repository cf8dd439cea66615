/**
 * Fixed-window rate limiter model: at most `limit` cost per window, per key.
 */

import { OutOfRangeError } from '../../../errors.js';
import type { Key } from '../../../keys.js';
import { positiveInt, safeInt } from '../../../validate.js';
import { type KeyedModel, keyedModel, unknownOp } from '../keyed.js';
import { show } from '../values.js';

/**
 * `consume` spends `cost` (default 1) in window `windowId` — the window the limiter computed from
 * its clock inside its atomic step, recorded with the operation so the model stays deterministic.
 */
export interface FixedWindowInput {
  readonly op: 'consume';
  readonly key: Key;
  readonly windowId: number;
  readonly cost?: number;
}

/** Whether the call was allowed, and the cost still admissible in the window after it. */
export interface FixedWindowOutput {
  readonly allowed: boolean;
  readonly remaining: number;
}

/** State of one key: the current window and the cost consumed in it. */
export interface FixedWindowState {
  readonly window: number;
  readonly used: number;
}

/** Options of {@link fixedWindowModel}. */
export interface FixedWindowModelOptions {
  /** Most cost admitted per window (positive integer). */
  readonly limit: number;
}

const START: FixedWindowState = { window: Number.NEGATIVE_INFINITY, used: 0 };

/**
 * A keyed fixed-window limiter, mirroring `src/limit/algorithms/fixed-window.ts`: a call in a
 * window other than the stored one starts that window empty; it is allowed when
 * `used + cost <= limit`, and only an allowed call consumes. `remaining` is
 * `max(0, limit - used)` after the call. Partitioned per key.
 * @throws InvalidArgumentError / OutOfRangeError (`options.limit`); (`input.windowId`,
 * `input.cost`) while checking.
 * @example
 * // limit 1: two calls in window 7 both allowed — an over-admission
 * checkLinearizable(history, fixedWindowModel({ limit: 1 })).ok // false
 */
export function fixedWindowModel(
  options: FixedWindowModelOptions,
): KeyedModel<FixedWindowState, FixedWindowInput, FixedWindowOutput> {
  if (typeof options !== 'object' || options === null) {
    throw new OutOfRangeError('options.limit', 'is required (a positive integer)');
  }
  const limit = positiveInt('options.limit', options.limit);
  return keyedModel<FixedWindowState, FixedWindowInput, FixedWindowOutput>({
    name: `fixed-window(limit ${limit})`,
    init: () => START,
    equal: (a, b) => a.window === b.window && a.used === b.used,
    hash: (s) => `${s.window}:${s.used}`,
    apply(state, input) {
      if (input.op !== 'consume') throw unknownOp((input as { op: unknown }).op, ['consume']);
      const windowId = safeInt('input.windowId', input.windowId);
      const cost = input.cost === undefined ? 1 : safeInt('input.cost', input.cost);
      if (cost < 0) throw new OutOfRangeError('input.cost', `must be >= 0, got ${cost}`);
      const used = state.window === windowId ? state.used : 0;
      const allowed = used + cost <= limit;
      const after = allowed ? used + cost : used;
      return {
        state: { window: windowId, used: after },
        output: { allowed, remaining: Math.max(0, limit - after) },
      };
    },
    // A refused call with cost <= limit is only possible inside its own window (a fresh window
    // would admit it), where it changes nothing.
    readOnly: (input, output) => output?.allowed === false && (input.cost ?? 1) <= limit,
    describeInput(input) {
      return `consume(${show(input.key)}, window ${input.windowId}, cost ${input.cost ?? 1})`;
    },
  });
}
