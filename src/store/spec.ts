/**
 * Validation and in-process evaluation of {@link Spec}, the declarative entry predicate.
 * The memory and workers stores evaluate specs here; the redis store mirrors this in Lua.
 */
import { cloneData, compareCodePoints, type Data, dataEquals, isDataObject } from '../data.js';
import { InvalidArgumentError } from '../errors.js';
import type { Key } from '../keys.js';
import type { Spec } from './contract.js';

const OPERANDS = ['value', 'field', 'key', 'keyAt'] as const;
const COMPARISONS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'exists'] as const;
const MAX_NODES = 1_000;

/**
 * Checks a spec and returns a deep copy of it, so later changes by the caller cannot alter it.
 * @throws InvalidArgumentError naming `argument` (with the path inside the spec).
 * @example
 * validateSpec({ and: [{ field: 'state', eq: 'dead' }, { field: 'at', lt: 1000 }] }, 'spec')
 */
export function validateSpec(spec: unknown, argument: string): Spec {
  const budget = { nodes: 0 };
  return check(spec, argument, argument, budget);
}

function check(spec: unknown, argument: string, path: string, budget: { nodes: number }): Spec {
  if (++budget.nodes > MAX_NODES)
    throw new InvalidArgumentError(argument, `has more than ${MAX_NODES} nodes`);
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InvalidArgumentError(argument, `${path} must be an object`);
  }
  const keys = Object.keys(spec);
  const s = spec as Record<string, unknown>;
  if (keys.length === 1 && (keys[0] === 'and' || keys[0] === 'or')) {
    const list = s[keys[0]];
    if (!Array.isArray(list))
      throw new InvalidArgumentError(argument, `${path}.${keys[0]} must be an array`);
    const items = list.map((x, i) => check(x, argument, `${path}.${keys[0]}[${i}]`, budget));
    return (keys[0] === 'and' ? { and: items } : { or: items }) as Spec;
  }
  if (keys.length === 1 && keys[0] === 'not')
    return { not: check(s.not, argument, `${path}.not`, budget) };
  const operands = keys.filter((k) => (OPERANDS as readonly string[]).includes(k));
  const comparisons = keys.filter((k) => (COMPARISONS as readonly string[]).includes(k));
  if (operands.length !== 1 || comparisons.length !== 1 || keys.length !== 2) {
    throw new InvalidArgumentError(
      argument,
      `${path} must be {and|or: [...]}, {not: spec}, or one operand (${OPERANDS.join('|')}) with one comparison (${COMPARISONS.join('|')}); got keys [${keys.join(', ')}]`,
    );
  }
  const operand = operands[0]!;
  const cmp = comparisons[0]!;
  const out: Record<string, unknown> = {};
  const ov = s[operand];
  if (operand === 'value' || operand === 'key') {
    if (ov !== true) throw new InvalidArgumentError(argument, `${path}.${operand} must be true`);
  } else if (operand === 'field') {
    if (typeof ov !== 'string')
      throw new InvalidArgumentError(argument, `${path}.field must be a string`);
  } else if (!Number.isSafeInteger(ov) || (ov as number) < 0) {
    throw new InvalidArgumentError(argument, `${path}.keyAt must be a non-negative integer`);
  }
  out[operand] = ov;
  const cv = s[cmp];
  if (cmp === 'exists') {
    if (typeof cv !== 'boolean')
      throw new InvalidArgumentError(argument, `${path}.exists must be a boolean`);
    out[cmp] = cv;
  } else if (cmp === 'eq' || cmp === 'ne') {
    out[cmp] = cloneData(cv, argument);
  } else {
    if (typeof cv !== 'string' && !(typeof cv === 'number' && Number.isFinite(cv))) {
      throw new InvalidArgumentError(
        argument,
        `${path}.${cmp} must be a finite number or a string`,
      );
    }
    out[cmp] = cv;
  }
  return out as Spec;
}

const MISSING = Symbol('missing');

function keyAsData(key: Key): Data | typeof MISSING {
  if (typeof key === 'bigint') return MISSING;
  if (Array.isArray(key)) {
    const out: Data[] = [];
    for (const part of key as readonly Key[]) {
      const d = keyAsData(part);
      if (d === MISSING) return MISSING;
      out.push(d);
    }
    return out;
  }
  return key as Data;
}

function operandOf(
  spec: Record<string, unknown>,
  key: () => Key,
  value: Data,
): Data | typeof MISSING | bigint {
  if ('value' in spec) return value;
  if ('field' in spec) {
    const f = spec.field as string;
    return isDataObject(value) && Object.hasOwn(value, f) ? value[f]! : MISSING;
  }
  const k = key();
  if ('key' in spec) return typeof k === 'bigint' ? k : keyAsData(k);
  const i = spec.keyAt as number;
  if (!Array.isArray(k) || i >= k.length) return MISSING;
  const part = (k as readonly Key[])[i]!;
  return typeof part === 'bigint' ? part : keyAsData(part);
}

/**
 * True when the entry matches a spec already checked by {@link validateSpec}.
 * `key` is called only when the spec looks at the key.
 * @example
 * matchSpec(validateSpec({ field: 'state', eq: 'dead' }, 'spec'), () => 'k', { state: 'dead' }) // true
 */
export function matchSpec(spec: Spec, key: () => Key, value: Data): boolean {
  const s = spec as Record<string, unknown>;
  if ('and' in s) return (s.and as Spec[]).every((x) => matchSpec(x, key, value));
  if ('or' in s) return (s.or as Spec[]).some((x) => matchSpec(x, key, value));
  if ('not' in s) return !matchSpec(s.not as Spec, key, value);
  const v = operandOf(s, key, value);
  if ('exists' in s) return (v !== MISSING) === s.exists;
  // A bigint key part is present but is not data: only `exists` can see it.
  if (v === MISSING || typeof v === 'bigint') return false;
  if ('eq' in s) return dataEquals(v, s.eq as Data);
  if ('ne' in s) return !dataEquals(v, s.ne as Data);
  const [cmp, bound] = Object.entries(s).find(
    ([k]) => k !== 'value' && k !== 'field' && k !== 'key' && k !== 'keyAt',
  )!;
  let order: number;
  if (typeof v === 'number' && typeof bound === 'number')
    order = v < bound ? -1 : v > bound ? 1 : 0;
  else if (typeof v === 'string' && typeof bound === 'string') order = compareCodePoints(v, bound);
  else return false;
  switch (cmp) {
    case 'lt':
      return order < 0;
    case 'lte':
      return order <= 0;
    case 'gt':
      return order > 0;
    default:
      return order >= 0;
  }
}
