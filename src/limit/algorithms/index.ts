/** The algorithms by name. */
import type { LimitAlgorithm } from '../../store/contract.js';
import { fixedWindow } from './fixed-window.js';
import { gcra } from './gcra.js';
import { slidingWindow } from './sliding-window.js';
import { tokenBucket } from './token-bucket.js';
import type { LimitAlgorithmMath } from './types.js';

/**
 * Each algorithm's pure math, by name.
 * @example algorithms['gcra'].remaining(state, rule, now)
 */
export const algorithms: Readonly<Record<LimitAlgorithm, LimitAlgorithmMath<unknown>>> = {
  'fixed-window': fixedWindow as LimitAlgorithmMath<unknown>,
  'sliding-window': slidingWindow as LimitAlgorithmMath<unknown>,
  'token-bucket': tokenBucket as LimitAlgorithmMath<unknown>,
  gcra: gcra as LimitAlgorithmMath<unknown>,
};
