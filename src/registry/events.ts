/**
 * The `raceless:registry` diagnostics channel, shared by {@link Registry} and
 * {@link TaskRegistry}. Publishing is skipped when nobody subscribes.
 */
import diagnostics_channel from 'node:diagnostics_channel';

/** An event on the `raceless:registry` channel. */
export interface RegistryEvent {
  /** The registry's name. */
  readonly registry: string;
  readonly event:
    | 'registered'
    | 'rejected'
    | 'rolled-back'
    | 'unregistered'
    | 'dispose-failed'
    | 'undo-failed'
    | 'task-timed-out'
    | 'timeout-failed';
  readonly name?: unknown;
  readonly token?: string;
  readonly error?: unknown;
}

/**
 * The `raceless:registry` channel.
 * @example diagnostics_channel.subscribe('raceless:registry', (e) => log(e))
 */
export const registryChannel = diagnostics_channel.channel('raceless:registry');

/**
 * Publishes when someone listens; free otherwise.
 * @example publishRegistryEvent(() => ({ registry: 'r', event: 'registered', name: 'a' }))
 */
export function publishRegistryEvent(make: () => RegistryEvent): void {
  if (registryChannel.hasSubscribers) registryChannel.publish(make());
}
