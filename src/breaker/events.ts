/** The `raceless:breaker` diagnostics channel (free when nobody subscribes). */
import diagnostics_channel from 'node:diagnostics_channel';
import type { BreakerState } from '../store/contract.js';

/**
 * A circuit-breaker event.
 * - `state-change`: a transition, published once by the instance whose store call persisted it
 *   (derived transitions such as open → half-open are persisted by the first call after them).
 * - `rejected`: a call was refused (`state` open, half-open with no trial left, or isolated).
 * - `stale-outcome`: an outcome from another generation was counted but moved nothing.
 * - `trial-timeout`: a half-open trial reached its deadline and counted as a failure.
 */
export interface BreakerEvent {
  readonly breaker: string;
  readonly event: 'state-change' | 'rejected' | 'stale-outcome' | 'trial-timeout';
  readonly state: BreakerState;
  readonly generation: number;
  readonly from?: BreakerState;
}

/**
 * The channel `raceless:breaker`.
 * @example
 * breakerChannel.subscribe((e) => metrics.inc(`breaker.${e.event}`));
 */
export const breakerChannel = diagnostics_channel.channel('raceless:breaker');

/**
 * Publishes when someone listens; free otherwise (`make` is not even called).
 * @example publishBreakerEvent(() => ({ breaker: 'db', event: 'rejected', state: 'open', generation }))
 */
export function publishBreakerEvent(make: () => BreakerEvent): void {
  if (breakerChannel.hasSubscribers) breakerChannel.publish(make());
}
