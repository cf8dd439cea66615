/**
 * Lease model: one owner per key at a time, with expiry and monotonic fencing tokens.
 */

import { InvalidArgumentError } from '../../../errors.js';
import type { Key } from '../../../keys.js';
import { positiveInt, safeInt } from '../../../validate.js';
import { type KeyedModel, keyedModel, unknownOp } from '../keyed.js';
import { show } from '../values.js';

/**
 * An operation on a lease. `at` is the time the implementation read inside its atomic step
 * (recorded with the operation so the model stays deterministic); `ttl` is the lease length from
 * `at`. Without `at`/`ttl` a lease never expires.
 * - `acquire` → `{ granted: true, token }` when the lease is free or expired, with a fencing token
 *   one greater than every token granted before; `{ granted: false }` when another live holder —
 *   or the same owner — holds it (a holder extends instead).
 * - `extend` → whether `owner` held a live lease (its expiry then restarts at `at + ttl`).
 * - `release` → whether `owner` held a live lease (it is then free).
 */
export type LeaseInput =
  | {
      readonly op: 'acquire' | 'extend';
      readonly key: Key;
      readonly owner: string;
      readonly at?: number;
      readonly ttl?: number;
    }
  | { readonly op: 'release'; readonly key: Key; readonly owner: string; readonly at?: number };

/** Output of a lease operation: `acquire` → {@link LeaseGrant}; `extend`/`release` → boolean. */
export type LeaseOutput = LeaseGrant | boolean;

/** Result of `acquire`: `token` is present exactly when `granted`. */
export interface LeaseGrant {
  readonly granted: boolean;
  readonly token?: number;
}

/** State of one key: the holder (null: free), its expiry, and the last fencing token granted. */
export interface LeaseState {
  readonly owner: string | null;
  readonly expiresAt: number;
  readonly token: number;
}

const FREE: LeaseState = { owner: null, expiresAt: Number.POSITIVE_INFINITY, token: 0 };
const OPS = ['acquire', 'extend', 'release'];

/**
 * A keyed lease (lock with expiry and fencing tokens). Partitioned per key.
 * @throws InvalidArgumentError / OutOfRangeError (`input.owner`, `input.at`, `input.ttl`,
 * `input.op`) while checking.
 * @example
 * // two owners granted the same lease at once
 * checkLinearizable(history, leaseModel()).ok // false
 */
export function leaseModel(): KeyedModel<LeaseState, LeaseInput, LeaseOutput> {
  return keyedModel<LeaseState, LeaseInput, LeaseOutput>({
    name: 'lease',
    init: () => FREE,
    equal: (a, b) => a.owner === b.owner && a.expiresAt === b.expiresAt && a.token === b.token,
    hash: (s) => `${s.owner === null ? '-' : JSON.stringify(s.owner)}:${s.expiresAt}:${s.token}`,
    apply(state, input) {
      if (!OPS.includes(input.op)) throw unknownOp((input as { op: unknown }).op, OPS);
      if (typeof input.owner !== 'string') {
        throw new InvalidArgumentError('input.owner', 'must be a string');
      }
      const at = input.at === undefined ? undefined : safeInt('input.at', input.at);
      const ttl =
        input.op !== 'release' && input.ttl !== undefined
          ? positiveInt('input.ttl', input.ttl)
          : undefined;
      const live = state.owner !== null && (at === undefined || state.expiresAt > at);
      const until = at !== undefined && ttl !== undefined ? at + ttl : Number.POSITIVE_INFINITY;
      switch (input.op) {
        case 'acquire': {
          if (live) return { state, output: { granted: false } };
          const token = state.token + 1;
          return {
            state: { owner: input.owner, expiresAt: until, token },
            output: { granted: true, token },
          };
        }
        case 'extend':
          return live && state.owner === input.owner
            ? { state: { ...state, expiresAt: until }, output: true }
            : { state, output: false };
        default:
          return live && state.owner === input.owner
            ? { state: { ...state, owner: null, expiresAt: FREE.expiresAt }, output: true }
            : { state, output: false };
      }
    },
    // A refused acquire, extend or release changes nothing.
    readOnly: (input, output) =>
      input.op === 'acquire' ? (output as LeaseGrant)?.granted === false : output === false,
    describeInput(input) {
      const at = input.at === undefined ? '' : ` at ${input.at}`;
      const ttl = input.op !== 'release' && input.ttl !== undefined ? ` ttl ${input.ttl}` : '';
      return `${input.op}(${show(input.key)}, ${show(input.owner)}${at}${ttl})`;
    },
  });
}
