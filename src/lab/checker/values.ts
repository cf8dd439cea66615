/**
 * Value helpers shared by the built-in models: structural equality, a canonical text form (for
 * state hashes) and a short display form (for reports). Object fields set to `undefined` count
 * as absent, as in `Data`.
 */

/**
 * Structural equality of plain values (primitives, arrays, plain objects); field order does not
 * matter and `undefined` fields count as absent.
 * @example
 * sameValue({ a: 1, b: undefined }, { a: 1 }) // true
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!Object.hasOwn(bo, k) || !sameValue(ao[k], bo[k])) return false;
  return true;
}

/**
 * A canonical text form: equal under {@link sameValue} implies the same text.
 * @example
 * canonical({ b: 2, a: 1 }) === canonical({ a: 1, b: 2 }) // true
 */
export function canonical(value: unknown): string {
  if (value === undefined) return 'u';
  if (value === null) return 'n';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
      const o = value as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
    }
    default:
      return `?${String(value)}`;
  }
}

/**
 * A short display form for reports: JSON-like, `undefined` and bigints shown as in JavaScript,
 * long texts cut at `max` characters.
 * @example
 * show(['user', 1n]) // '["user",1n]'
 */
export function show(value: unknown, max = 80): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'object' && value !== null) {
    text = Array.isArray(value)
      ? `[${value.map((v) => show(v, max)).join(',')}]`
      : `{${Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}:${show(v, max)}`)
          .join(',')}}`;
  } else if (typeof value === 'string') text = JSON.stringify(value);
  else text = String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
