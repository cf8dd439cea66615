/**
 * The RedisStore's scripts, one per store operation, assembled from the Lua sources in `lua/`.
 * Each script is self-contained (clock prelude + the library chunks its body uses + body +
 * epilogue), so EVALSHA works on any node of a cluster after one NOSCRIPT fallback.
 *
 * Redis runs a script's whole top level on every call, so a script carrying the whole library
 * (~12 KB: JSON codec, every algorithm, the breaker) pays for defining all of it each time. The
 * assembler therefore includes a chunk only when the body — or a chunk already included — names
 * one of the chunk's top-level definitions. Names are found by scanning the words of the code
 * (whole-line comments and fields after a single `.` excepted), so a word in a string or a
 * trailing comment may pull in a chunk that is not needed (harmless); a needed chunk is never
 * left out.
 */
import { LuaScript } from './adapter.js';
import { BREAKER, BREAKER_OP } from './lua/breaker.js';
import { ARGV_CLOCK, CORE, EPILOGUE, SERVER_CLOCK } from './lua/core.js';
import { COUNTER, SPEC } from './lua/counter-spec.js';
import { LIMIT, RATE_LIMIT } from './lua/limit.js';
import {
  CLEAR,
  COMPARE_AND_DELETE,
  COMPARE_AND_SET,
  DELETE,
  GET,
  PUT,
  SCAN,
  SELECT_DELETE,
  SIZE,
  TAKE,
  UPDATE_COUNTER,
  UPDATE_ENTRY,
  UPDATE_FIELDS,
} from './lua/table-ops.js';

/** Which clock the scripts read: the server's TIME, or (tests only) ARGV[1]. */
export type ClockSource = 'server' | 'argv';

/** Every script of the store. */
export interface Scripts {
  readonly get: LuaScript;
  readonly put: LuaScript;
  readonly take: LuaScript;
  readonly delete: LuaScript;
  readonly compareAndSet: LuaScript;
  readonly compareAndDelete: LuaScript;
  readonly updateCounter: LuaScript;
  readonly updateFields: LuaScript;
  readonly selectDelete: LuaScript;
  readonly scan: LuaScript;
  readonly size: LuaScript;
  readonly clear: LuaScript;
  readonly rateLimit: LuaScript;
  readonly breaker: LuaScript;
}

/** The library, in definition order: a chunk may use only chunks before it. */
const LIBRARY: readonly string[] = [...CORE, COUNTER, SPEC, UPDATE_ENTRY, LIMIT, BREAKER];

/** The names a chunk defines at its top level (`local function f`, `local a, b = ...`). */
export function topLevelNames(chunk: string): string[] {
  const names: string[] = [];
  for (const line of chunk.split('\n')) {
    const fn = /^local\s+function\s+([A-Za-z_]\w*)/.exec(line);
    if (fn !== null) {
      names.push(fn[1]!);
      continue;
    }
    const vars = /^local\s+([A-Za-z_][\w\s,]*?)\s*(?:=|$)/.exec(line);
    if (vars !== null) {
      for (const n of vars[1]!.split(',')) names.push(n.trim());
    }
  }
  return names;
}

const definedBy = new Map<string, number>();
for (let i = 0; i < LIBRARY.length; i++) {
  for (const name of topLevelNames(LIBRARY[i]!)) {
    if (definedBy.has(name)) throw new Error(`raceless: Lua name '${name}' defined twice`);
    definedBy.set(name, i);
  }
}

/**
 * The library chunks `body` needs, directly or through other chunks, in library order.
 * @example chunksFor("local function main() return fmt(NOW()) end") // [base aliases, fmt]
 */
export function chunksFor(body: string): string[] {
  const wanted = new Set<number>();
  const visit = (text: string) => {
    const code = text.replace(/^[ \t]*--.*$/gm, ''); // whole-line comments are prose
    for (const m of code.matchAll(/[A-Za-z_]\w*/g)) {
      // `t.name` is a field, not a use of the local `name` (`a .. name` is one).
      if (code[m.index - 1] === '.' && code[m.index - 2] !== '.') continue;
      const i = definedBy.get(m[0]);
      if (i !== undefined && !wanted.has(i)) {
        wanted.add(i);
        visit(LIBRARY[i]!);
      }
    }
  };
  visit(body);
  return [...wanted].sort((a, b) => a - b).map((i) => LIBRARY[i]!);
}

const cache = new Map<ClockSource, Scripts>();

/**
 * The scripts for one clock source, built once per process.
 * @example const { get } = scriptsFor('server');
 */
export function scriptsFor(clock: ClockSource): Scripts {
  let s = cache.get(clock);
  if (s === undefined) {
    const prelude = clock === 'server' ? SERVER_CLOCK : ARGV_CLOCK;
    const build = (body: string) =>
      new LuaScript(
        `-- raceless ${clock}\n${prelude}${chunksFor(body).join('')}${body}${EPILOGUE}`,
      );
    s = {
      get: build(GET),
      put: build(PUT),
      take: build(TAKE),
      delete: build(DELETE),
      compareAndSet: build(COMPARE_AND_SET),
      compareAndDelete: build(COMPARE_AND_DELETE),
      updateCounter: build(UPDATE_COUNTER),
      updateFields: build(UPDATE_FIELDS),
      selectDelete: build(SELECT_DELETE),
      scan: build(SCAN),
      size: build(SIZE),
      clear: build(CLEAR),
      rateLimit: build(RATE_LIMIT),
      breaker: build(BREAKER_OP),
    };
    cache.set(clock, s);
  }
  return s;
}
