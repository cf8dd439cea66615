/**
 * Concurrent histories: what each actor asked for (`input`), what it got back (`output`), and
 * when the call started and ended (`invokedAt`, `returnedAt`). The linearizability checker only
 * reads the order of those timestamps: operation `a` precedes `b` in real time exactly when
 * `a.returnedAt < b.invokedAt`; every other pair — including equal timestamps — is concurrent.
 */
import { InvalidArgumentError, OutOfRangeError } from '../../errors.js';
import { knownFields, optionsObject } from '../../validate.js';

/** Who ran an operation: a task, thread or process name or number. Actors run one call at a time. */
export type Actor = string | number;

/**
 * The output recorded for an operation that threw. Plain data (plus the original `error`, when
 * recorded in this process), so histories can be serialised and merged across processes.
 */
export interface Thrown {
  readonly thrown: true;
  /** The error's `name` (e.g. `'NotFoundError'`). */
  readonly name: string;
  /** The error's `code` when it has a string one (e.g. `'ERR_NOT_FOUND'`). */
  readonly code?: string | undefined;
  readonly message: string;
  /** The original error; absent when the history came from elsewhere. */
  readonly error?: unknown;
}

/**
 * One completed call. `invokedAt <= returnedAt`. Timestamps are any numbers from one clock:
 * logical sequence numbers, or `performance.timeOrigin + performance.now()` to merge histories of
 * several threads or processes (concatenate their operation arrays).
 */
export interface Operation<I = unknown, O = unknown> {
  readonly actor: Actor;
  readonly input: I;
  /** What the call returned, or a {@link Thrown} record when it threw. */
  readonly output: O | Thrown;
  readonly invokedAt: number;
  readonly returnedAt: number;
}

/**
 * The {@link Thrown} record of an error (or any thrown value).
 * @example
 * thrown(new NotFoundError('k')) // { thrown: true, name: 'NotFoundError', code: 'ERR_NOT_FOUND', ... }
 */
export function thrown(error: unknown): Thrown {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      thrown: true,
      name: error.name,
      code: typeof code === 'string' ? code : undefined,
      message: error.message,
      error,
    };
  }
  return { thrown: true, name: typeof error, message: String(error), error };
}

/**
 * Whether an output is a {@link Thrown} record.
 * @example
 * if (isThrown(op.output)) console.log(op.output.code)
 */
export function isThrown(output: unknown): output is Thrown {
  return (
    typeof output === 'object' &&
    output !== null &&
    (output as Thrown).thrown === true &&
    typeof (output as Thrown).name === 'string'
  );
}

/** Options of {@link HistoryRecorder}. */
export interface HistoryRecorderOptions {
  /**
   * Reads the time of an invoke or return event; must never go backwards. Default: a logical
   * clock private to the recorder (1, 2, 3, … — every event gets its own tick), which is exact
   * for one process. Use a shared wall clock such as `() => performance.timeOrigin +
   * performance.now()` when histories of several threads or processes will be merged.
   */
  readonly clock?: () => number;
}

/** A call invoked through {@link HistoryRecorder.invoke}, waiting for its outcome. */
export interface PendingOperation<I, O> {
  /** Records the return of the call with `output`, and returns the completed operation. */
  complete(output: O): Operation<I, O>;
  /** Records that the call threw `error` (output: a {@link Thrown} record). */
  fail(error: unknown): Operation<I, O>;
}

/**
 * Records a concurrent history: every call's invoke and return events, in the order they happen.
 * Guarantee: the invoke event is read before the call starts and the return event after it has
 * settled, so each recorded interval contains the real call.
 *
 * @throws InvalidArgumentError / OutOfRangeError naming the argument for bad input; a clock that
 * goes backwards is an OutOfRangeError (`clock`).
 * @example
 * const rec = new HistoryRecorder();
 * await Promise.all(['a', 'b'].map((actor) =>
 *   rec.record(actor, { op: 'increment', key: 'n', by: 1 }, () => table.updateCounter('n', 1, { default: 0 }))));
 * checkLinearizable(rec.history(), counterModel()).ok // true
 */
export class HistoryRecorder<I = unknown, O = unknown> {
  readonly #clock: (() => number) | undefined;
  #tick = 0;
  #last = Number.NEGATIVE_INFINITY;
  #pending = 0;
  readonly #ops: Operation<I, O>[] = [];

  constructor(options?: HistoryRecorderOptions) {
    const opts = optionsObject('options', options);
    knownFields('options', opts, ['clock']);
    if (opts.clock !== undefined && typeof opts.clock !== 'function') {
      throw new InvalidArgumentError('options.clock', 'must be a function returning a number');
    }
    this.#clock = opts.clock as (() => number) | undefined;
  }

  /** Calls invoked and not yet returned. */
  get pending(): number {
    return this.#pending;
  }

  /** Number of completed operations recorded. */
  get size(): number {
    return this.#ops.length;
  }

  #now(): number {
    if (this.#clock === undefined) return ++this.#tick;
    const t = this.#clock();
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new OutOfRangeError('clock', `must return a finite number, got ${String(t)}`);
    }
    if (t < this.#last) throw new OutOfRangeError('clock', `went backwards (${t} < ${this.#last})`);
    this.#last = t;
    return t;
  }

  /**
   * Records the invoke event of a call now; complete it with the returned handle. For calls whose
   * start and end are not one function (e.g. a read, some I/O, then a write recorded as one
   * composite operation).
   * @throws InvalidArgumentError (`actor`); InvalidArgumentError (`operation`) when completed twice.
   * @example
   * const call = rec.invoke('a', { op: 'increment', key: 'n', by: 1 });
   * const v = (await t.get('n')) ?? 0; await t.set('n', v + 1);
   * call.complete(v + 1);
   */
  invoke(actor: Actor, input: I): PendingOperation<I, O> {
    checkActor('actor', actor);
    const invokedAt = this.#now();
    this.#pending++;
    let done = false;
    const finish = (output: O | Thrown): Operation<I, O> => {
      if (done) throw new InvalidArgumentError('operation', 'has already returned');
      done = true;
      this.#pending--;
      const op: Operation<I, O> = { actor, input, output, invokedAt, returnedAt: this.#now() };
      this.#ops.push(op);
      return op;
    };
    return { complete: (output) => finish(output), fail: (error) => finish(thrown(error)) };
  }

  /**
   * Runs `fn` as one operation of `actor` and records it: the invoke event just before `fn` is
   * called, the return event once its result settles. The output is `fn`'s result (or
   * `output(result)` when given); a throw or rejection is recorded as a {@link Thrown} output and
   * rethrown, so wrapping a call never changes what the caller sees.
   * @throws InvalidArgumentError (`actor`, `fn`, `options.output`); whatever `fn` throws.
   * @example
   * const ok = await rec.record('w1', { op: 'insertNew', key: 'job', value: 'w1' }, () => t.insertNew('job', 'w1'));
   */
  async record<R>(
    actor: Actor,
    input: I,
    fn: () => R | PromiseLike<R>,
    options?: { readonly output?: (result: R) => O },
  ): Promise<R> {
    checkActor('actor', actor);
    if (typeof fn !== 'function') throw new InvalidArgumentError('fn', 'must be a function');
    const opts = optionsObject('options', options);
    knownFields('options', opts, ['output']);
    const map = opts.output as ((result: R) => O) | undefined;
    if (map !== undefined && typeof map !== 'function') {
      throw new InvalidArgumentError('options.output', 'must be a function');
    }
    const call = this.invoke(actor, input);
    let result: R;
    try {
      result = await fn();
    } catch (error) {
      call.fail(error);
      throw error;
    }
    call.complete(map === undefined ? (result as unknown as O) : map(result));
    return result;
  }

  /**
   * Adds an operation recorded elsewhere (another thread or process, or written by hand) with its
   * own timestamps, which must come from the same clock as the others.
   * @throws InvalidArgumentError / OutOfRangeError naming the bad field (`op.invokedAt`, …).
   * @example
   * rec.add({ actor: 'worker-2', input: { op: 'get', key: 'k' }, output: 1, invokedAt: 10.5, returnedAt: 12 })
   */
  add(op: Operation<I, O>): void {
    checkOperation('op', op);
    this.#ops.push({ ...op });
  }

  /**
   * The completed operations, in the order they returned. Calls still pending are not included.
   * @example
   * const ops = rec.history();
   */
  history(): Operation<I, O>[] {
    return this.#ops.slice();
  }
}

function checkActor(argument: string, actor: unknown): void {
  if (typeof actor === 'string') return;
  if (typeof actor === 'number') {
    if (!Number.isFinite(actor)) {
      throw new OutOfRangeError(argument, `must be finite, got ${actor}`);
    }
    return;
  }
  throw new InvalidArgumentError(argument, `must be a string or a number, got ${typeof actor}`);
}

/**
 * Checks the shape of one operation (used by {@link HistoryRecorder.add} and the checker).
 * @throws InvalidArgumentError / OutOfRangeError naming `${argument}.field`.
 */
export function checkOperation(argument: string, op: unknown): void {
  if (typeof op !== 'object' || op === null || Array.isArray(op)) {
    throw new InvalidArgumentError(argument, 'must be an operation object');
  }
  const o = op as Operation;
  checkActor(`${argument}.actor`, o.actor);
  for (const field of ['invokedAt', 'returnedAt'] as const) {
    const t = o[field];
    if (typeof t !== 'number') {
      throw new InvalidArgumentError(`${argument}.${field}`, `must be a number, got ${typeof t}`);
    }
    if (!Number.isFinite(t)) {
      throw new OutOfRangeError(`${argument}.${field}`, `must be finite, got ${t}`);
    }
  }
  if (o.returnedAt < o.invokedAt) {
    throw new OutOfRangeError(
      `${argument}.returnedAt`,
      `must not be before invokedAt (${o.returnedAt} < ${o.invokedAt})`,
    );
  }
}
