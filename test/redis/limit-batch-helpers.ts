/**
 * Helpers of the rate-limit batching tests: clients wrapped so a test sees every script call the
 * store makes (and can make calls fail), for ioredis and node-redis.
 */
import type { Redis } from 'ioredis';
import type { nodeRedisClient } from './helpers.js';

type NodeRedis = Awaited<ReturnType<typeof nodeRedisClient>>;

/** One script call as the store made it: how many keys, then KEYS and ARGV. */
export interface ScriptCall {
  readonly keys: readonly string[];
  readonly args: readonly string[];
}

/**
 * What a wrapped client does on each call: `'pass'` runs it; `'noscript'` answers NOSCRIPT without
 * running it; `'lost'` runs it and then throws a connection error (the reply was lost);
 * `'down'` throws a connection error without running it.
 */
export type Fault = 'pass' | 'noscript' | 'lost' | 'down';

/** A client that records its script calls; `fault()` decides what happens to each EVALSHA. */
export interface Wrapped {
  readonly client: unknown;
  readonly calls: ScriptCall[];
  /** EVAL calls (after NOSCRIPT). */
  readonly evals: ScriptCall[];
  fault: () => Fault;
  /** Awaited before each EVALSHA goes to Redis (to hold calls in flight). */
  gate: () => Promise<void> | undefined;
}

class NoScript extends Error {
  override name = 'ReplyError';
  constructor() {
    super('NOSCRIPT No matching script. Please use EVAL.');
  }
}

async function faulty<T>(w: Wrapped, run: () => Promise<T>): Promise<T> {
  const fault = w.fault();
  await w.gate();
  if (fault === 'noscript') throw new NoScript();
  if (fault === 'down') throw new Error('Connection is closed.');
  const reply = await run();
  if (fault === 'lost') throw new Error('Connection lost after the command was sent');
  return reply;
}

/** An ioredis client seen through a recording wrapper. */
export function wrapIoredis(io: Redis): Wrapped {
  const w: Wrapped = {
    calls: [],
    evals: [],
    fault: () => 'pass',
    gate: () => undefined,
    client: {
      evalsha: (sha: string, numKeys: number, ...rest: (string | number)[]) => {
        const all = rest.map(String);
        w.calls.push({ keys: all.slice(0, numKeys), args: all.slice(numKeys) });
        return faulty(w, () => io.evalsha(sha, numKeys, ...rest));
      },
      eval: (source: string, numKeys: number, ...rest: (string | number)[]) => {
        const all = rest.map(String);
        w.evals.push({ keys: all.slice(0, numKeys), args: all.slice(numKeys) });
        return io.eval(source, numKeys, ...rest);
      },
    },
  };
  return w;
}

/** A node-redis client seen through a recording wrapper. */
export function wrapNodeRedis(nr: NodeRedis): Wrapped {
  type Options = { keys: string[]; arguments: string[] };
  const w: Wrapped = {
    calls: [],
    evals: [],
    fault: () => 'pass',
    gate: () => undefined,
    client: {
      evalSha: (sha: string, options: Options) => {
        w.calls.push({ keys: options.keys, args: options.arguments });
        return faulty(w, () => nr.evalSha(sha, options));
      },
      eval: (source: string, options: Options) => {
        w.evals.push({ keys: options.keys, args: options.arguments });
        return nr.eval(source, options);
      },
    },
  };
  return w;
}

/**
 * How many decisions one call of the batch script carried (ARGV: now, R, 8 × R rule fields, then
 * per decision a header `op,cor,blockMs,n,...` and its n keys).
 */
export function decisionsIn(call: ScriptCall): number {
  let a = 2 + 8 * Number(call.args[1]);
  let n = 0;
  while (a < call.args.length) {
    a += 1 + Number(call.args[a]!.split(',')[3]);
    n++;
  }
  return n;
}
