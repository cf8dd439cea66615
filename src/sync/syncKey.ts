/**
 * Keys for `KeyedMutex` and `SingleFlight`: the same keys, and the same canonical codec, as
 * Table (`keys.ts`) — strings, numbers, bigints, booleans and tuples of them. The encoding is
 * injective (`['a','bc']` ≠ `['ab','c']`, `1` ≠ `'1'`, `['a']` ≠ `'a'`) and canonical (`-0` and
 * `0` are the same key); sorting encoded strings gives the total order used to take several keys
 * without deadlock.
 */
import { encodeKey, type Key } from '../keys.js';

/** A key: a string, number, bigint, boolean, or a (nested) tuple of keys. */
export type SyncKey = Key;

/**
 * Encodes `key` canonically.
 * @throws InvalidArgumentError / OutOfRangeError naming `argument` for anything else.
 * @example
 * encodeSyncKey(['a', 'bc']) !== encodeSyncKey(['ab', 'c']); // true
 */
export function encodeSyncKey(key: unknown, argument = 'key'): string {
  return encodeKey(key as Key, argument);
}
