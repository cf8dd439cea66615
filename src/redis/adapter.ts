/**
 * The tiny adapter between raceless and the Redis client a user already has (ioredis — a single
 * client or a Cluster — or node-redis v4+ — a client or a cluster). raceless needs exactly one
 * capability: run a Lua script by SHA, and send its source only when the server answers
 * NOSCRIPT. Nothing else is ever retried: a timeout or a connection error after the script was
 * sent may have run it, so retrying would double-count (rate-limit-redis #251).
 */
import { createHash } from 'node:crypto';
import { InvalidArgumentError, StoreUnavailableError } from '../errors.js';

/** What a script returns, as the client decoded it. */
export type ScriptReply = unknown;

/** The one capability raceless needs from a Redis client. */
export interface ScriptRunner {
  /** Which client library this wraps: `'ioredis'` or `'node-redis'`. */
  readonly client: 'ioredis' | 'node-redis';
  /** EVALSHA; on NOSCRIPT only, EVAL (which also caches the script on that node). */
  run(
    script: LuaScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<ScriptReply>;
}

/**
 * A Lua script with its SHA1 computed once.
 * @example
 * const incr = new LuaScript("return redis.call('INCR', KEYS[1])");
 */
export class LuaScript {
  readonly sha: string;
  constructor(readonly source: string) {
    if (typeof source !== 'string' || source.length === 0) {
      throw new InvalidArgumentError('source', 'must be a non-empty Lua source string');
    }
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

interface IoredisLike {
  evalsha(sha: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  eval(source: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
}

interface NodeRedisLike {
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(source: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

function isNoScript(error: unknown): boolean {
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' && message.startsWith('NOSCRIPT');
}

const REPLY_ERRORS = new Set(['ReplyError', 'ErrorReply', 'SimpleError', 'BlobError']);

/**
 * Errors that are the server's own script errors (a reply), not a lost connection. node-redis
 * v5+ leaves `name` as 'Error' on its ErrorReply classes, so the class chain is checked too.
 */
function isReplyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (REPLY_ERRORS.has(String((error as { name?: unknown }).name))) return true;
  for (let p = Object.getPrototypeOf(error); p !== null; p = Object.getPrototypeOf(p)) {
    const ctor = (p as { constructor?: { name?: unknown } }).constructor;
    if (ctor !== undefined && REPLY_ERRORS.has(String(ctor.name))) return true;
  }
  return false;
}

function wrapError(error: unknown): unknown {
  if (isReplyError(error)) return error;
  return new StoreUnavailableError(`redis: ${(error as Error)?.message ?? String(error)}`, {
    cause: error,
  });
}

/**
 * Wraps an ioredis client (or Cluster) or a node-redis client (or cluster) as a {@link ScriptRunner}.
 * @throws InvalidArgumentError (`client`) when it is neither.
 * @example
 * import Redis from 'ioredis';
 * const runner = scriptRunner(new Redis('redis://127.0.0.1:6379'));
 */
export function scriptRunner(client: unknown): ScriptRunner {
  if (typeof client !== 'object' || client === null) {
    throw new InvalidArgumentError('client', 'must be an ioredis or node-redis client');
  }
  const c = client as Record<string, unknown>;
  if (typeof c.evalsha === 'function' && typeof c.eval === 'function') {
    const io = client as IoredisLike;
    return {
      client: 'ioredis',
      async run(script, keys, args) {
        try {
          return await io.evalsha(script.sha, keys.length, ...keys, ...args);
        } catch (error) {
          if (!isNoScript(error)) throw wrapError(error);
        }
        try {
          return await io.eval(script.source, keys.length, ...keys, ...args);
        } catch (error) {
          throw wrapError(error);
        }
      },
    };
  }
  if (typeof c.evalSha === 'function' && typeof c.eval === 'function') {
    const nr = client as NodeRedisLike;
    return {
      client: 'node-redis',
      async run(script, keys, args) {
        const options = { keys: [...keys], arguments: args.map(String) };
        try {
          return await nr.evalSha(script.sha, options);
        } catch (error) {
          if (!isNoScript(error)) throw wrapError(error);
        }
        try {
          return await nr.eval(script.source, options);
        } catch (error) {
          throw wrapError(error);
        }
      },
    };
  }
  throw new InvalidArgumentError(
    'client',
    'must be an ioredis or node-redis client (no evalsha/evalSha method)',
  );
}
