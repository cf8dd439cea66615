/**
 * The canonical key codec, shared by every backend.
 *
 * A key is a string, a number, a bigint, a boolean, or a tuple (array) of keys. Encoding is
 * injective (`['a','bc']` ≠ `['ab','c']`; `1` ≠ `'1'` ≠ `1n` ≠ `true`) and canonical (one key,
 * one encoding). `-0` is normalised to `0` (as `Map` and `Set` treat them); `NaN` and infinities
 * are refused. The encoded form uses only `A-Z a-z 0-9 - _ % . + ( ) ~` — no glob characters
 * (`* ? [ ]`), no hash-tag braces, no spaces, no `:` — so it is safe as a Redis key part and as
 * data inside a Lua script.
 */
import { InvalidArgumentError, OutOfRangeError } from './errors.js';

/** A key scalar. */
export type KeyPart = string | number | bigint | boolean;
/** A table key: a scalar or a tuple of keys. */
export type Key = KeyPart | readonly Key[];

const MAX_DEPTH = 32;
const HEX = '0123456789ABCDEF';

function isPlain(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x2d || // -
    code === 0x5f // _
  );
}

function escapeString(s: string): string {
  let plain = 0;
  while (plain < s.length && isPlain(s.charCodeAt(plain))) plain++;
  if (plain === s.length) return s;
  let out = s.slice(0, plain);
  for (let i = plain; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isPlain(c)) {
      out += s[i];
      continue;
    }
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) {
      // A lone surrogate has no UTF-8 form: %u + four hex digits keeps the codec total.
      out += `%u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      continue;
    }
    for (const byte of utf8(cp)) out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

function utf8(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

function encodePart(key: unknown, depth: number, seen: Set<unknown>, argument: string): string {
  switch (typeof key) {
    case 'string':
      return `s${escapeString(key)}`;
    case 'number':
      if (!Number.isFinite(key)) throw new OutOfRangeError(argument, `${key} is not a valid key`);
      return `n${Object.is(key, -0) ? '0' : String(key)}`;
    case 'bigint':
      return `i${key.toString()}`;
    case 'boolean':
      return key ? 'T' : 'F';
    case 'object':
      if (Array.isArray(key)) {
        if (depth >= MAX_DEPTH)
          throw new InvalidArgumentError(argument, `tuples nest deeper than ${MAX_DEPTH}`);
        if (seen.has(key)) throw new InvalidArgumentError(argument, 'tuple contains itself');
        seen.add(key);
        const parts: string[] = [];
        for (let i = 0; i < key.length; i++) {
          if (!(i in key)) throw new InvalidArgumentError(argument, 'tuple has a hole');
          parts.push(encodePart(key[i], depth + 1, seen, argument));
        }
        seen.delete(key);
        return `(${parts.join('~')})`;
      }
      break;
  }
  throw new InvalidArgumentError(
    argument,
    `expected a string, number, bigint, boolean or an array of them, got ${describe(key)}`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Encodes a key to its canonical string.
 * @throws InvalidArgumentError naming `argument` (default `key`) for any other type;
 * OutOfRangeError for NaN/±Infinity.
 * @example
 * encodeKey(['user', 42]) // '(suser~n42)'
 */
export function encodeKey(key: Key, argument = 'key'): string {
  if (typeof key === 'string') return `s${escapeString(key)}`;
  return encodePart(key, 0, new Set(), argument);
}

/**
 * Decodes a string produced by {@link encodeKey}. `decodeKey(encodeKey(k))` deep-equals `k`
 * (with `-0` read back as `0`).
 * @throws InvalidArgumentError (argument `encoded`) when the string is not a canonical encoding.
 * @example
 * decodeKey('(suser~n42)') // ['user', 42]
 */
export function decodeKey(encoded: string): Key {
  const state = { s: encoded, i: 0 };
  const key = decodePart(state, 0);
  if (state.i !== encoded.length) throw bad(encoded);
  if (encodeKey(key) !== encoded) throw bad(encoded);
  return key;
}

function bad(encoded: string): InvalidArgumentError {
  return new InvalidArgumentError(
    'encoded',
    `not a canonical key encoding: ${JSON.stringify(encoded)}`,
  );
}

function decodePart(st: { s: string; i: number }, depth: number): Key {
  const tag = st.s[st.i++];
  const end = () => {
    let j = st.i;
    while (j < st.s.length && st.s[j] !== '~' && st.s[j] !== ')') j++;
    const body = st.s.slice(st.i, j);
    st.i = j;
    return body;
  };
  switch (tag) {
    case 's':
      return unescapeString(end(), st.s);
    case 'n': {
      const body = end();
      const n = Number(body);
      if (body === '' || !Number.isFinite(n)) throw bad(st.s);
      return n;
    }
    case 'i': {
      const body = end();
      if (!/^-?\d+$/.test(body)) throw bad(st.s);
      return BigInt(body);
    }
    case 'T':
      return true;
    case 'F':
      return false;
    case '(': {
      if (depth >= MAX_DEPTH) throw bad(st.s);
      const items: Key[] = [];
      if (st.s[st.i] === ')') {
        st.i++;
        return items;
      }
      for (;;) {
        items.push(decodePart(st, depth + 1));
        const sep = st.s[st.i++];
        if (sep === ')') return items;
        if (sep !== '~') throw bad(st.s);
      }
    }
    default:
      throw bad(st.s);
  }
}

function unescapeString(body: string, whole: string): string {
  let out = '';
  const bytes: number[] = [];
  const flush = () => {
    if (bytes.length === 0) return;
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    out += decoded;
    bytes.length = 0;
  };
  for (let i = 0; i < body.length; ) {
    const ch = body[i]!;
    if (ch !== '%') {
      if (!isPlain(ch.charCodeAt(0))) throw bad(whole);
      flush();
      out += ch;
      i++;
      continue;
    }
    if (body[i + 1] === 'u') {
      flush();
      const hex = body.slice(i + 2, i + 6);
      if (!/^[0-9A-F]{4}$/.test(hex)) throw bad(whole);
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 6;
      continue;
    }
    const hex = body.slice(i + 1, i + 3);
    if (!/^[0-9A-F]{2}$/.test(hex)) throw bad(whole);
    bytes.push(Number.parseInt(hex, 16));
    i += 3;
  }
  try {
    flush();
  } catch {
    throw bad(whole);
  }
  return out;
}
