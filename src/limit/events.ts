/** The `raceless:limit` diagnostics channel (free when nobody subscribes). */
import diagnostics_channel from 'node:diagnostics_channel';
import type { Key } from '../keys.js';

/**
 * A rate-limiter event. `blocked`: a key was blocked — `manual: false` for the automatic block
 * after too many violations, published by exactly the one decision that caused it.
 */
export interface LimitEvent {
  readonly limiter: string;
  readonly event: 'blocked';
  readonly key: Key;
  readonly untilMs: number;
  readonly manual: boolean;
}

/**
 * The channel `raceless:limit`.
 * @example
 * limitChannel.subscribe((e) => log.warn('blocked', e));
 */
export const limitChannel = diagnostics_channel.channel('raceless:limit');

/**
 * Publishes when someone listens; free otherwise (`make` is not even called).
 * @example publishLimitEvent(() => ({ limiter: 'login', event: 'blocked', key, untilMs, manual: false }))
 */
export function publishLimitEvent(make: () => LimitEvent): void {
  if (limitChannel.hasSubscribers) limitChannel.publish(make());
}
