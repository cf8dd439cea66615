// Values decoded and re-encoded by the Lua JSON code come back byte for byte as JS's canonical
// JSON: numbers as JavaScript prints them (shortest round trip, all 17 digits when needed, never
// cjson's 14), [] vs {}, object keys in code point order, strings escaped as JSON.stringify does
// (control characters, lone surrogates). So compareAndSet still matches after a Lua rewrite.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Data } from '../../src/data.js';
import { canonicalJson } from '../../src/redis/json.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { Table } from '../../src/table/Table.js';
import { deletePrefix, ioredisClient, uniquePrefix } from './helpers.js';
import { mulberry32 } from './random.js';

const client = ioredisClient();
const prefix = uniquePrefix('json');
const store = new RedisStore({ client, prefix });

after(async () => {
  await deletePrefix(client, prefix);
  client.disconnect();
});

const SPECIAL_NUMBERS = [
  0,
  1,
  -1,
  0.1,
  0.2 + 0.1,
  1 / 3,
  2 ** 53,
  2 ** 53 - 1,
  -(2 ** 53) + 1,
  2 ** 60,
  2 ** 70,
  1e21,
  1e21 + 2 ** 20,
  123456789012345680000,
  1e-6,
  1e-7,
  1.5e-7,
  5e-324,
  2.2250738585072014e-308,
  1.7976931348623157e308,
  4.35,
  0.000001234,
  100,
  1e100,
  -1e-100,
  2 ** 53 + 2,
];
const SPECIAL_STRINGS = [
  '',
  'a',
  '"',
  '\\',
  '/',
  '\u0000',
  '\u0001\u001f',
  '\b\f\n\r\t',
  '\u007f',
  '\u2028\u2029',
  'é',
  '😀',
  '\uFFFF',
  '\uD800',
  '\uDFFF',
  'a\uD800b',
  '\uDBFF\uDFFF',
  '\uDC00\uD800',
  '{}[]:,',
  '__proto__',
  'constructor',
  'B',
  'b',
  'Ä',
  'aa',
  'a\u0000',
];

function gen(rand: () => number, depth: number): Data {
  const r = rand();
  if (depth > 3 || r < 0.45) return scalar(rand);
  if (r < 0.7) {
    const n = Math.floor(rand() * 5);
    return Array.from({ length: n }, () => gen(rand, depth + 1));
  }
  const obj: Record<string, Data> = {};
  const n = Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) {
    const k = str(rand);
    Object.defineProperty(obj, k, {
      value: gen(rand, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return obj;
}

function scalar(rand: () => number): Data {
  const r = rand();
  if (r < 0.1) return null;
  if (r < 0.2) return rand() < 0.5;
  if (r < 0.55) return num(rand);
  return str(rand);
}

function num(rand: () => number): number {
  const r = rand();
  if (r < 0.3) return SPECIAL_NUMBERS[Math.floor(rand() * SPECIAL_NUMBERS.length)]!;
  if (r < 0.5) return Math.floor((rand() - 0.5) * 2 ** 54);
  if (r < 0.7) return (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
  // Any finite double, from random bits.
  const view = new DataView(new ArrayBuffer(8));
  for (;;) {
    view.setUint32(0, Math.floor(rand() * 2 ** 32));
    view.setUint32(4, Math.floor(rand() * 2 ** 32));
    const d = view.getFloat64(0);
    if (Number.isFinite(d)) return d === 0 ? 0 : d;
  }
}

function str(rand: () => number): string {
  if (rand() < 0.4) return SPECIAL_STRINGS[Math.floor(rand() * SPECIAL_STRINGS.length)]!;
  let s = '';
  const n = Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.5) s += String.fromCharCode(0x20 + Math.floor(rand() * 95));
    else if (r < 0.6) s += String.fromCharCode(Math.floor(rand() * 0x20));
    else if (r < 0.8) s += String.fromCharCode(Math.floor(rand() * 0x10000));
    else s += String.fromCodePoint(0x10000 + Math.floor(rand() * 0xfffff));
  }
  return s;
}

test('600 random values survive a Lua decode + re-encode byte for byte', async () => {
  const rand = mulberry32(20_240_601);
  const t = new Table<{ v: Data }>('round-trip', { store });
  const raw = store.redisKeys('round-trip').data;
  const mismatches: string[] = [];
  for (let i = 0; i < 600; i++) {
    const v = gen(rand, 0);
    const expected = canonicalJson({ v });
    await t.set(i, { v });
    // updateFields with no fields makes the script decode the stored JSON and write it back.
    assert.equal(await t.updateFields(i, {}), true);
    const stored = await client.hget(raw, `n${i}`);
    if (stored !== expected) mismatches.push(`${expected}\n  lua: ${stored}`);
    assert.deepEqual(await t.get(i), JSON.parse(expected));
    // Structural equality is string equality: the Lua-written value still compares equal.
    assert.equal(await t.compareAndSet(i, { v }, { v: 'done' }), true, expected);
  }
  assert.deepEqual(mismatches, []);
});

test('counter fields keep every other field exactly, including 17-digit doubles', async () => {
  const t = new Table<Record<string, Data>>('counter-neighbours', { store });
  const row = { n: 0, x: 0.1 + 0.2, big: 2 ** 53 - 1, tiny: 5e-324, e: 1e21, arr: [], obj: {} };
  await t.set('r', row);
  assert.equal(await t.updateCounter('r', { field: 'n', incr: 1 }), 1);
  assert.equal(
    await client.hget(store.redisKeys('counter-neighbours').data, 'sr'),
    canonicalJson({ ...row, n: 1 }),
  );
});
