/**
 * Canonical JSON for stored values: object keys sorted by code point (a lone surrogate by its own
 * value — the UTF-8/WTF-8 byte order the Lua encoder sorts by), numbers and strings exactly as
 * `JSON.stringify` writes them. One value has one encoding, so structural equality is string
 * equality (what compareAndSet/compareAndDelete compare inside Redis), and a value the Lua side
 * decodes and re-encodes comes back byte for byte the same.
 */
import type { Data } from '../data.js';

/** Code point order; a lone surrogate counts as its own code unit value. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const cx = a.codePointAt(i)!;
    const cy = b.codePointAt(i)!;
    return cx < cy ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * The canonical JSON text of a value already validated as Data.
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: Data): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]!);
    }
    return `${out}]`;
  }
  const obj = value as { readonly [k: string]: Data };
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort(compareKeys);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (i > 0) out += ',';
    out += `${JSON.stringify(k)}:${canonicalJson(obj[k]!)}`;
  }
  return `${out}}`;
}
