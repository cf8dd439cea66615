/**
 * Typed errors. Every error raceless throws carries a stable `code` (never reworded) and, when
 * an argument is at fault, the argument's name in `argument`.
 *
 * Argument errors extend the built-in `TypeError` / `RangeError`, so
 * `err instanceof RangeError` keeps working for callers who do not know raceless.
 */

/** Stable error codes. */
export type ErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_OUT_OF_RANGE'
  | 'ERR_CAPACITY_EXCEEDED'
  | 'ERR_ALREADY_REGISTERED'
  | 'ERR_NOT_FOUND'
  | 'ERR_NOT_A_COUNTER'
  | 'ERR_WRONG_TYPE'
  | 'ERR_TIMEOUT'
  | 'ERR_ABORTED'
  | 'ERR_CLOSED'
  | 'ERR_STORE_UNAVAILABLE'
  | 'ERR_CONTENTION'
  | 'ERR_BREAKER_OPEN'
  | 'ERR_LEASE_LOST'
  | 'ERR_STALE_FENCING_TOKEN'
  | 'ERR_UNSUPPORTED';

/**
 * A value of the wrong type or shape. Nothing was written.
 * @example
 * try { await table.set(undefined as never, 1) } catch (e) { e.code === 'ERR_INVALID_ARGUMENT'; e.argument === 'key' }
 */
export class InvalidArgumentError extends TypeError {
  readonly code = 'ERR_INVALID_ARGUMENT' as const;
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
    this.name = 'InvalidArgumentError';
  }
}

/**
 * A number outside its allowed range (NaN, infinite, negative, non-integer, beyond 2^53).
 * Nothing was written.
 * @example
 * await table.updateCounter('k', Number.NaN) // throws OutOfRangeError { argument: 'incr' }
 */
export class OutOfRangeError extends RangeError {
  readonly code = 'ERR_OUT_OF_RANGE' as const;
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
    this.name = 'OutOfRangeError';
  }
}

/**
 * Base class of raceless's non-argument errors; `code` tells them apart.
 * @example
 * try { await work() } catch (e) { if (e instanceof RacelessError && e.code === 'ERR_TIMEOUT') retry() }
 */
export class RacelessError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RacelessError';
  }
}

/**
 * A bounded structure is full. The write that hit the bound was not applied (all or nothing).
 * @example
 * const t = new Table('t', { maxEntries: 1 }); await t.set('a', 1);
 * await t.set('b', 2) // throws CapacityExceededError { limit: 1 }
 */
export class CapacityExceededError extends RacelessError {
  constructor(
    readonly what: string,
    readonly limit: number,
  ) {
    super('ERR_CAPACITY_EXCEEDED', `${what} is full (limit ${limit})`);
    this.name = 'CapacityExceededError';
  }
}

/**
 * A name is already taken by another live registration.
 * @example
 * try { await registry.register('svc', create) } catch (e) { if (e instanceof AlreadyRegisteredError) useExisting() }
 */
export class AlreadyRegisteredError extends RacelessError {
  constructor(readonly key: unknown) {
    super('ERR_ALREADY_REGISTERED', `already registered: ${String(key)}`);
    this.name = 'AlreadyRegisteredError';
  }
}

/**
 * The entry an operation needs does not exist (ETS `badarg` for a missing key without default).
 * Nothing was written.
 * @example
 * await new Table('t').updateCounter('missing', 1) // throws NotFoundError { code: 'ERR_NOT_FOUND' }
 */
export class NotFoundError extends RacelessError {
  readonly argument = 'key';
  constructor(readonly key: unknown) {
    super('ERR_NOT_FOUND', `key not found: ${String(key)}`);
    this.name = 'NotFoundError';
  }
}

/**
 * `updateCounter` found something that is not an integer counter where it needed one
 * (ETS `badarg` for a non-integer position). Nothing was written.
 * @example
 * await t.set('k', 'text'); await t.updateCounter('k', 1) // throws NotACounterError
 */
export class NotACounterError extends RacelessError {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super('ERR_NOT_A_COUNTER', `${argument}: ${message}`);
    this.name = 'NotACounterError';
  }
}

/**
 * The stored value has the wrong shape for the operation (e.g. `updateFields` on a value that is
 * not an object; Redis calls this WRONGTYPE). Nothing was written.
 * @example
 * await t.set('k', 1); await t.updateFields('k', { a: 1 }) // throws WrongTypeError
 */
export class WrongTypeError extends RacelessError {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super('ERR_WRONG_TYPE', `${argument}: ${message}`);
    this.name = 'WrongTypeError';
  }
}

/**
 * A wait ran past its `timeoutMs`. The waiter was removed; it holds nothing.
 * @example
 * await mutex.acquire({ timeoutMs: 100 }) // rejects with TimeoutError { code: 'ERR_TIMEOUT' } if still held
 */
export class TimeoutError extends RacelessError {
  constructor(message = 'timed out') {
    super('ERR_TIMEOUT', message);
    this.name = 'TimeoutError';
  }
}

/**
 * A wait was cancelled through its `AbortSignal`. The waiter was removed; it holds nothing.
 * @example
 * await mutex.acquire({ signal: AbortSignal.abort() }) // rejects with AbortedError { code: 'ERR_ABORTED' }
 */
export class AbortedError extends RacelessError {
  constructor(
    message = 'aborted',
    readonly reason?: unknown,
  ) {
    super('ERR_ABORTED', message, { cause: reason });
    this.name = 'AbortedError';
  }
}

/**
 * The object was closed; it accepts no more work.
 * @example
 * await group.close(); group.spawn(task) // throws ClosedError { code: 'ERR_CLOSED' }
 */
export class ClosedError extends RacelessError {
  constructor(what: string) {
    super('ERR_CLOSED', `${what} is closed`);
    this.name = 'ClosedError';
  }
}

/**
 * The backing store could not be reached. The operation's outcome is unknown to the caller.
 * @example
 * try { await table.get('k') } catch (e) { if (e instanceof StoreUnavailableError) serveDegraded() }
 */
export class StoreUnavailableError extends RacelessError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_STORE_UNAVAILABLE', message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * An optimistic retry loop gave up after too many conflicting writers. Nothing was written.
 * @example
 * try { await table.update('hot', fn) } catch (e) { if (e instanceof ContentionError) backOff() }
 */
export class ContentionError extends RacelessError {
  constructor(readonly attempts: number) {
    super('ERR_CONTENTION', `gave up after ${attempts} conflicting attempts`);
    this.name = 'ContentionError';
  }
}

/**
 * The operation needs a capability the object's store does not have (for example the synchronous
 * view `table.sync` on a Redis store). Nothing was read or written; check first (`table.hasSync`).
 * @example
 * try { redisTable.sync } catch (e) { if (e instanceof UnsupportedError) useAsyncApi() } // e.code === 'ERR_UNSUPPORTED'
 */
export class UnsupportedError extends RacelessError {
  constructor(readonly what: string) {
    super('ERR_UNSUPPORTED', `${what} is not supported`);
    this.name = 'UnsupportedError';
  }
}
