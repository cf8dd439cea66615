/**
 * Diagnostics channels. Subscribing is the only cost: publishers check `hasSubscribers` first, so
 * unused observability allocates nothing.
 *
 * @example
 * import diagnostics_channel from 'node:diagnostics_channel';
 * diagnostics_channel.subscribe('raceless:table', (event) => console.log(event));
 */
import diagnostics_channel from 'node:diagnostics_channel';

/**
 * Table events, published as `{ table, event, count? , limit? }` where `event` is one of
 * `'expired'` (entries reclaimed after their TTL), `'evicted'` (LRU eviction), `'capacity-exceeded'`, `'cleared'`,
 * `'select-deleted'`.
 */
export interface TableEvent {
  readonly table: string;
  readonly event: 'expired' | 'evicted' | 'capacity-exceeded' | 'cleared' | 'select-deleted';
  readonly count?: number;
  readonly limit?: number;
}

/**
 * The channel `raceless:table`.
 * @example
 * tableChannel.subscribe((event) => console.log(event as TableEvent));
 */
export const tableChannel = diagnostics_channel.channel('raceless:table');

/**
 * Publishes a table event when someone listens; free otherwise (`make` is not even called).
 * @example
 * publishTableEvent(() => ({ table: 'sessions', event: 'cleared', count: 3 }));
 */
export function publishTableEvent(make: () => TableEvent): void {
  if (tableChannel.hasSubscribers) tableChannel.publish(make());
}
