/**
 * Messages between the lab (parent) and its units (worker threads or child processes). Every
 * message is plain data (structured-clonable; JSON for child processes, except the workers
 * store handle, which only threads receive).
 */
import type { WorkersStoreHandle } from '../../workers/index.js';
import type { DomainName, Variant } from '../types.js';

/** How a unit reaches the run's store. */
export type StoreRef =
  | { readonly kind: 'workers'; readonly handle: WorkersStoreHandle }
  | { readonly kind: 'redis'; readonly url: string; readonly prefix: string };

/** One variant run of a store scenario, for one unit: which actors it runs. */
export interface JobMessage {
  readonly type: 'job';
  readonly run: number;
  readonly id: string;
  readonly module: string;
  readonly variant: Variant;
  readonly domain: DomainName;
  readonly params: unknown;
  /** Indices of the actors this unit runs. */
  readonly indices: readonly number[];
  /** Actors of the whole run. */
  readonly actors: number;
  readonly store: StoreRef;
}

/** Parent → unit: every unit arrived at barrier `gen` (0 is the start). */
export interface ReleaseMessage {
  readonly type: 'release';
  readonly run: number;
  readonly gen: number;
}

/** Parent → unit: stop (close clients, exit). */
export interface StopMessage {
  readonly type: 'stop';
}

/** Messages a unit receives. */
export type ToUnit = JobMessage | ReleaseMessage | StopMessage;

/** Messages a unit sends. */
export type FromUnit =
  | { readonly type: 'up' }
  | { readonly type: 'arrive'; readonly run: number; readonly gen: number }
  | { readonly type: 'done'; readonly run: number; readonly results: readonly [number, unknown][] }
  | { readonly type: 'error'; readonly run: number; readonly message: string };
