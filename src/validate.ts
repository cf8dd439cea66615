/** Argument checks shared by the public classes. Each throws a typed error naming the argument. */
import { InvalidArgumentError, OutOfRangeError } from './errors.js';

/** A positive safe integer (>= 1). */
export function positiveInt(argument: string, value: unknown): number {
  if (typeof value !== 'number')
    throw new InvalidArgumentError(argument, `must be a number, got ${typeof value}`);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new OutOfRangeError(argument, `must be a positive safe integer, got ${value}`);
  }
  return value;
}

/** A safe integer (may be negative or zero). */
export function safeInt(argument: string, value: unknown): number {
  if (typeof value !== 'number')
    throw new InvalidArgumentError(argument, `must be a number, got ${typeof value}`);
  if (!Number.isSafeInteger(value))
    throw new OutOfRangeError(argument, `must be a safe integer, got ${value}`);
  return value;
}

/** `undefined`, or a positive safe integer. */
export function optionalPositiveInt(argument: string, value: unknown): number | undefined {
  return value === undefined ? undefined : positiveInt(argument, value);
}

/** `undefined` or a plain options object. */
export function optionsObject(argument: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(argument, 'must be an object');
  }
  return value as Record<string, unknown>;
}

/** Refuses keys an options object does not know (catches typos such as `ttl` for `ttlMs`). */
export function knownFields(
  argument: string,
  value: Record<string, unknown>,
  allowed: readonly string[],
): void {
  for (const k in value) {
    if (Object.hasOwn(value, k) && !allowed.includes(k) && value[k] !== undefined) {
      throw new InvalidArgumentError(
        argument,
        `unknown option '${k}' (known: ${allowed.join(', ')})`,
      );
    }
  }
}
