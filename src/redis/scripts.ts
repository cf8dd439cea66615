/**
 * The RedisStore's scripts, one per store operation, assembled from the Lua sources in `lua/`.
 * Each script is self-contained (prelude + core + what it needs + body), so EVALSHA works on
 * any node of a cluster after one NOSCRIPT fallback.
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

const cache = new Map<ClockSource, Scripts>();

/**
 * The scripts for one clock source, built once per process.
 * @example const { get } = scriptsFor('server');
 */
export function scriptsFor(clock: ClockSource): Scripts {
  let s = cache.get(clock);
  if (s === undefined) {
    const prelude = clock === 'server' ? SERVER_CLOCK : ARGV_CLOCK;
    const build = (...parts: string[]) =>
      new LuaScript(`-- raceless ${clock}\n${prelude}${CORE}${parts.join('\n')}${EPILOGUE}`);
    s = {
      get: build(GET),
      put: build(PUT),
      take: build(TAKE),
      delete: build(DELETE),
      compareAndSet: build(COMPARE_AND_SET),
      compareAndDelete: build(COMPARE_AND_DELETE),
      updateCounter: build(COUNTER, UPDATE_COUNTER),
      updateFields: build(UPDATE_FIELDS),
      selectDelete: build(SPEC, SELECT_DELETE),
      scan: build(SCAN),
      size: build(SIZE),
      clear: build(CLEAR),
      rateLimit: build(LIMIT, RATE_LIMIT),
      breaker: build(BREAKER, BREAKER_OP),
    };
    cache.set(clock, s);
  }
  return s;
}
