/**
 * TaskRegistry: task records inserted complete in one step, with deadlines that fire or are
 * cancelled exactly once, and compare-and-set state transitions.
 */
import { randomUUID } from 'node:crypto';
import { type CancelTimer, type Clock, systemClock } from '../clock.js';
import type { Data } from '../data.js';
import { AlreadyRegisteredError, ContentionError, InvalidArgumentError } from '../errors.js';
import type { Store } from '../store/contract.js';
import { MemoryStore } from '../store/memory.js';
import { type EntriesOptions, Table } from '../table/Table.js';
import { knownFields, optionalPositiveInt, optionsObject, positiveInt } from '../validate.js';
import { publishRegistryEvent } from './events.js';

/** A task's state. `pending` and `running` are live; the others are terminal. */
export type TaskState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled' | 'timed_out';

/**
 * The terminal states: once there, a task never moves again.
 * @example TERMINAL_STATES.includes(record.state)
 */
export const TERMINAL_STATES: readonly TaskState[] = ['done', 'failed', 'cancelled', 'timed_out'];

/**
 * A task record. Every field is present from the first moment the record is visible (absent
 * values are `null`), so an observer can never see a partial record.
 */
export interface TaskRecord {
  readonly id: string;
  /** Unique to this creation (an id reused after pruning gets a new token). */
  readonly token: string;
  readonly state: TaskState;
  /** Clock time of creation (ms). */
  readonly createdAt: number;
  /** Clock time at which a live task times out, or null (no deadline). */
  readonly deadline: number | null;
  /** Clock time of the last transition (ms). */
  readonly updatedAt: number;
  readonly meta: Data;
  /** The value given to `complete`, or null. */
  readonly result: Data;
  /** The message given to `fail` (or the timeout/cancel reason), or null. */
  readonly error: string | null;
}

/** Options of {@link TaskRegistry}. */
export interface TaskRegistryOptions {
  /** Where records live. Default: a private MemoryStore on `clock`. */
  readonly store?: Store;
  /** Deadlines and timestamps; must be the store's clock. Default `systemClock`. */
  readonly clock?: Clock;
  /** Most records (live and retained terminal ones); more throws CapacityExceededError. Default 10,000. */
  readonly maxEntries?: number;
  /** How long a terminal record stays readable before it is reclaimed (TTL), ms. Default 60,000. */
  readonly retainMs?: number;
  /** Deadline of tasks created without `timeoutMs`. Default: none. */
  readonly defaultTimeoutMs?: number;
}

/** Options of {@link TaskRegistry.create}. */
export interface CreateTaskOptions {
  /** The task id; default a random UUID. */
  readonly id?: string;
  /** The task times out this many ms after creation unless it ends first. */
  readonly timeoutMs?: number;
  /** Plain data stored with the record. */
  readonly meta?: Data;
}

/** Counters of a {@link TaskRegistry}. */
export interface TaskRegistryStats {
  /** Records in the table (exact). */
  readonly size: number;
  readonly maxEntries: number;
  readonly created: number;
  /** Deadlines that fired. */
  readonly timersFired: number;
  /** Deadlines cancelled (the task ended first, creation failed, or close). */
  readonly timersCancelled: number;
  /** Deadlines still armed. */
  readonly timersPending: number;
}

interface Timer {
  readonly id: string;
  cancel: CancelTimer | undefined;
  /** False until the record is written; a deadline due before that is applied after it. */
  inserted: boolean;
}

type Row = TaskRecord & Record<string, Data>;

const MAX_ATTEMPTS = 1_000;

/**
 * A bounded registry of tasks.
 *
 * Guarantees:
 * - `create` arms the deadline first, then inserts the COMPLETE record with one insert-if-absent:
 *   a concurrent observer (`entries`, `get`) never sees a partial record.
 * - Every deadline either fires or is cancelled, exactly once (an idempotent canceller; the
 *   `timersFired + timersCancelled` count equals the deadlines armed).
 * - Transitions `pending → running → done | failed | cancelled | timed_out` are compare-and-set on
 *   the record read: a late completion cannot overwrite a timeout, nor a timeout a completion.
 *   Each transition method returns whether THIS call made the transition.
 * - Bounded (`maxEntries`, CapacityExceededError); terminal records are reclaimed after
 *   `retainMs` (TTL) or by `prune()` (one atomic selectDelete).
 *
 * @throws InvalidArgumentError / OutOfRangeError for bad options.
 * @example
 * const tasks = new TaskRegistry('jobs', { maxEntries: 1_000 });
 * const t = await tasks.create({ timeoutMs: 30_000 });
 * await tasks.start(t.id);
 * await tasks.complete(t.id, { rows: 12 }); // false if it had already timed out
 */
export class TaskRegistry {
  /** The registry's name (its table's name). */
  readonly name: string;
  readonly #table: Table<Row>;
  readonly #clock: Clock;
  readonly #retainMs: number;
  readonly #defaultTimeoutMs: number | undefined;
  /** Armed deadlines by record token. */
  readonly #timers = new Map<string, Timer>();
  /** Tokens whose deadline fired before their record was written. */
  readonly #early = new Set<string>();
  #created = 0;
  #fired = 0;
  #cancelled = 0;

  constructor(name: string, options?: TaskRegistryOptions) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError('name', 'must be a non-empty string');
    }
    const opts = optionsObject('options', options);
    knownFields('options', opts, ['store', 'clock', 'maxEntries', 'retainMs', 'defaultTimeoutMs']);
    const clock = opts.clock as Clock | undefined;
    if (
      clock !== undefined &&
      (typeof clock !== 'object' || typeof clock.setTimer !== 'function')
    ) {
      throw new InvalidArgumentError('options.clock', 'must be a Clock');
    }
    this.name = name;
    this.#clock = clock ?? systemClock;
    this.#retainMs =
      opts.retainMs === undefined ? 60_000 : positiveInt('options.retainMs', opts.retainMs);
    this.#defaultTimeoutMs = optionalPositiveInt('options.defaultTimeoutMs', opts.defaultTimeoutMs);
    const maxEntries =
      opts.maxEntries === undefined ? 10_000 : positiveInt('options.maxEntries', opts.maxEntries);
    this.#table = new Table<Row>(name, {
      store: (opts.store as Store | undefined) ?? new MemoryStore({ clock: this.#clock }),
      maxEntries,
    });
  }

  /**
   * Creates a task in state `pending`: deadline armed, then the complete record inserted in one
   * step. Returns the record.
   * @throws (rejects) AlreadyRegisteredError when `id` exists; CapacityExceededError when full
   * (in both cases the deadline is cancelled and nothing is written).
   * @example const { id, deadline } = await tasks.create({ timeoutMs: 5_000, meta: { kind: 'export' } });
   */
  async create(options?: CreateTaskOptions): Promise<TaskRecord> {
    const opts = optionsObject('options', options);
    knownFields('options', opts, ['id', 'timeoutMs', 'meta']);
    if (opts.id !== undefined && (typeof opts.id !== 'string' || opts.id.length === 0)) {
      throw new InvalidArgumentError('options.id', 'must be a non-empty string');
    }
    const timeoutMs =
      optionalPositiveInt('options.timeoutMs', opts.timeoutMs) ?? this.#defaultTimeoutMs;
    const id = (opts.id as string | undefined) ?? randomUUID();
    const token = randomUUID();
    const now = this.#clock.now();
    const record: Row = {
      id,
      token,
      state: 'pending',
      createdAt: now,
      deadline: timeoutMs === undefined ? null : now + timeoutMs,
      updatedAt: now,
      meta: (opts.meta ?? null) as Data,
      result: null,
      error: null,
    };
    // The timer exists before the record does (seed 000 #5): the record is complete when written.
    if (timeoutMs !== undefined) {
      const timer: Timer = { id, cancel: undefined, inserted: false };
      this.#timers.set(token, timer);
      timer.cancel = this.#clock.setTimer(timeoutMs, () => {
        this.#fire(token).catch((error: unknown) =>
          publishRegistryEvent(() => ({
            registry: this.name,
            event: 'timeout-failed',
            name: id,
            token,
            error,
          })),
        );
      });
    }
    let inserted: boolean;
    try {
      inserted = await this.#table.insertNew(id, record);
    } catch (error) {
      this.#cancelTimer(token);
      this.#early.delete(token);
      throw error;
    }
    if (!inserted) {
      this.#cancelTimer(token);
      this.#early.delete(token);
      throw new AlreadyRegisteredError(id);
    }
    this.#created++;
    const timer = this.#timers.get(token);
    if (timer !== undefined) timer.inserted = true;
    else if (this.#early.delete(token)) await this.#timeOut(id, token);
    return record;
  }

  /**
   * The record of `id` (one atomic read), or undefined.
   * @example (await tasks.get(id))?.state
   */
  async get(id: string): Promise<TaskRecord | undefined> {
    return this.#table.get(id);
  }

  /**
   * `pending → running`. Returns whether this call made the transition.
   * @example await tasks.start(id)
   */
  start(id: string): Promise<boolean> {
    return this.#transition(id, ['pending'], 'running', {});
  }

  /**
   * `pending | running → done`, storing `result`. Returns whether this call made the transition
   * (false when the task already ended, e.g. timed out).
   * @throws InvalidArgumentError when `result` is not plain data.
   * @example await tasks.complete(id, { ok: true })
   */
  complete(id: string, result?: Data): Promise<boolean> {
    return this.#transition(id, ['pending', 'running'], 'done', { result: result ?? null });
  }

  /**
   * `pending | running → failed`, storing the error's message.
   * @example await tasks.fail(id, new Error('disk full'))
   */
  fail(id: string, error: unknown): Promise<boolean> {
    const message = error instanceof Error ? error.message : String(error);
    return this.#transition(id, ['pending', 'running'], 'failed', { error: message });
  }

  /**
   * `pending | running → cancelled`. Returns whether this call made the transition.
   * @example await tasks.cancel(id)
   */
  cancel(id: string, reason = 'cancelled'): Promise<boolean> {
    return this.#transition(id, ['pending', 'running'], 'cancelled', { error: String(reason) });
  }

  /**
   * Walks the records, weakly consistent (see `Table.entries`); each record is complete.
   * @example for await (const r of tasks.entries()) console.log(r.id, r.state)
   */
  async *entries(options?: EntriesOptions): AsyncGenerator<TaskRecord, void, undefined> {
    for await (const [, record] of this.#table.entries(options)) yield record;
  }

  /**
   * Deletes every terminal record now, in one atomic step; returns how many.
   * @example await tasks.prune()
   */
  prune(): Promise<number> {
    return this.#table.selectDelete({
      or: TERMINAL_STATES.map((s) => ({ field: 'state', eq: s })),
    });
  }

  /**
   * Number of records (live and retained terminal), exact.
   * @example await tasks.size()
   */
  size(): Promise<number> {
    return this.#table.size();
  }

  /**
   * Counters and sizes, for a metrics exporter.
   * @example const { timersPending } = await tasks.stats();
   */
  async stats(): Promise<TaskRegistryStats> {
    return {
      size: await this.#table.size(),
      maxEntries: this.#table.maxEntries!,
      created: this.#created,
      timersFired: this.#fired,
      timersCancelled: this.#cancelled,
      timersPending: this.#timers.size,
    };
  }

  /**
   * Cancels every armed deadline of this instance (records stay). Idempotent.
   * @example await tasks.close()
   */
  async close(): Promise<void> {
    for (const token of [...this.#timers.keys()]) this.#cancelTimer(token);
  }

  /** Same as {@link TaskRegistry.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #fire(token: string): Promise<void> {
    const timer = this.#timers.get(token);
    if (timer === undefined) return;
    this.#timers.delete(token);
    this.#fired++;
    if (!timer.inserted) {
      this.#early.add(token);
      return;
    }
    await this.#timeOut(timer.id, token);
  }

  async #timeOut(id: string, token: string): Promise<void> {
    const moved = await this.#transition(
      id,
      ['pending', 'running'],
      'timed_out',
      { error: 'timed out' },
      token,
    );
    if (moved) {
      publishRegistryEvent(() => ({
        registry: this.name,
        event: 'task-timed-out',
        name: id,
        token,
      }));
    }
  }

  /** Idempotent: a deadline is cancelled (and counted) at most once, and never after it fired. */
  #cancelTimer(token: string): void {
    const timer = this.#timers.get(token);
    if (timer === undefined) return;
    this.#timers.delete(token);
    this.#cancelled++;
    timer.cancel?.();
  }

  async #transition(
    id: string,
    from: readonly TaskState[],
    to: TaskState,
    patch: Partial<Record<string, Data>>,
    token?: string,
  ): Promise<boolean> {
    if (typeof id !== 'string') throw new InvalidArgumentError('id', 'must be a string');
    const terminal = TERMINAL_STATES.includes(to);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const current = await this.#table.get(id);
      if (current === undefined || !from.includes(current.state)) return false;
      if (token !== undefined && current.token !== token) return false;
      const next = { ...current, ...patch, state: to, updatedAt: this.#clock.now() } as Row;
      // The decision: move only the exact record read. Any concurrent transition makes it fail.
      const ok = await this.#table.compareAndSet(
        id,
        current,
        next,
        terminal ? { ttlMs: this.#retainMs } : undefined,
      );
      if (ok) {
        if (terminal) this.#cancelTimer(current.token);
        return true;
      }
    }
    throw new ContentionError(MAX_ATTEMPTS);
  }
}
