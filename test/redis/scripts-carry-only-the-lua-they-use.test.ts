// Each RedisStore script carries only the library chunks its body uses (Redis runs a script's
// whole top level on every call), and never misses one: every library name a script uses is
// defined in it, before its first use. Every script compiles on the real Redis.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { BREAKER } from '../../src/redis/lua/breaker.js';
import { CORE } from '../../src/redis/lua/core.js';
import { COUNTER, SPEC } from '../../src/redis/lua/counter-spec.js';
import { LIMIT } from '../../src/redis/lua/limit.js';
import { UPDATE_ENTRY } from '../../src/redis/lua/table-ops.js';
import { type ClockSource, type Scripts, scriptsFor } from '../../src/redis/scripts.js';
import { ioredisClient } from './helpers.js';

const client = ioredisClient();
after(() => client.disconnect());

const LIBRARY = [...CORE, COUNTER, SPEC, UPDATE_ENTRY, LIMIT, BREAKER];

/** Names defined at column 0 by `local function f` or `local a, b = ...` (and `local a`). */
function definitions(lua: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of lua.matchAll(/^local\s+(?:function\s+)?([A-Za-z_][\w, \t]*?)\s*(?:[=(]|$)/gm)) {
    let at = m.index + m[0].indexOf(m[1]!);
    for (const name of m[1]!.split(',')) {
      const n = name.trim();
      if (!out.has(n)) out.set(n, lua.indexOf(n, at));
      at += name.length + 1;
    }
  }
  return out;
}

const libraryNames = new Set<string>();
for (const chunk of LIBRARY) for (const n of definitions(chunk).keys()) libraryNames.add(n);

/** Every use of a library name in `lua`: whole-line comments and `.field`s are not uses. */
function uses(lua: string): Map<string, number> {
  const code = lua.replace(/^[ \t]*--.*$/gm, (line) => ' '.repeat(line.length));
  const first = new Map<string, number>();
  for (const m of code.matchAll(/[A-Za-z_]\w*/g)) {
    if (code[m.index - 1] === '.' && code[m.index - 2] !== '.') continue;
    if (libraryNames.has(m[0]) && !first.has(m[0])) first.set(m[0], m.index);
  }
  return first;
}

for (const clock of ['server', 'argv'] as ClockSource[]) {
  const scripts = scriptsFor(clock);
  for (const [op, script] of Object.entries(scripts)) {
    test(`${clock} ${op}: every library name it uses is defined in it before its first use`, () => {
      const defined = definitions(script.source);
      for (const [name, at] of uses(script.source)) {
        assert.ok(defined.has(name), `${op} uses ${name} without defining it`);
        assert.equal(at, defined.get(name), `${op} uses ${name} before defining it`);
      }
    });
  }
}

test('scripts leave out what they do not use', () => {
  const s: Scripts = scriptsFor('server');
  const has = (op: keyof Scripts, name: string) => definitions(s[op].source).has(name);
  for (const op of [
    'get',
    'take',
    'delete',
    'compareAndDelete',
    'scan',
    'size',
    'clear',
  ] as const) {
    for (const name of ['jdecode', 'jencode', 'decide_limits', 'breaker_step', 'apply_counter']) {
      assert.equal(has(op, name), false, `${op} carries ${name}`);
    }
  }
  for (const name of ['breaker_step', 'apply_counter', 'spec_match', 'plan_room', 'touch']) {
    assert.equal(has('rateLimit', name), false, `rateLimit carries ${name}`);
  }
  for (const name of ['decide_limits', 'apply_counter', 'spec_match', 'plan_room']) {
    assert.equal(has('breaker', name), false, `breaker carries ${name}`);
  }
  assert.equal(has('put', 'jdecode'), false);
  assert.equal(has('updateFields', 'apply_counter'), false);
  assert.equal(has('updateCounter', 'update_entry'), true);
  assert.equal(has('updateFields', 'update_entry'), true);
  const full = LIBRARY.join('').length;
  for (const [op, script] of Object.entries(s)) {
    assert.ok(script.source.length < full, `${op} is as big as the whole library`);
  }
});

test('every script compiles on Redis, under the SHA the store sends', async () => {
  for (const clock of ['server', 'argv'] as ClockSource[]) {
    for (const [op, script] of Object.entries(scriptsFor(clock))) {
      const sha = await client.script('LOAD', script.source);
      assert.equal(sha, script.sha, `${clock} ${op}`);
    }
  }
});
