/**
 * Domain runners: the same store-scenario actors, run as async tasks of one event loop on a
 * MemoryStore (`async`), spread over worker threads on one WorkersStore (`threads`), or spread
 * over child processes on Redis (`processes`).
 */
import { availableParallelism } from 'node:os';
import type { Store } from '../../store/contract.js';
import { MemoryStore } from '../../store/memory.js';
import type { DomainName, StoreCapacity, StoreScenario, Variant } from '../types.js';
import { UnitPool } from './pool.js';

/** A fresh store for one variant run of a scenario, and how to dispose of it. */
export interface StoreSession {
  /** The store as the parent sees it (for `setup` and `check`). */
  readonly store: Store;
  /** Releases the store (and deletes its keys on Redis). */
  close(): Promise<void>;
}

/**
 * Runs the actors of store scenarios in one domain. A runner is started once per lab run and
 * reused by every scenario; each variant run gets a fresh store from {@link DomainRunner.open}.
 */
export interface DomainRunner {
  readonly name: DomainName;
  /** How many threads / processes the actors are spread over (1 for async). */
  readonly units: number;
  /** A fresh, empty store for one variant run, with room for `capacity` (fixed-size stores). */
  open(capacity?: StoreCapacity): Promise<StoreSession>;
  /**
   * Runs `actors` actors of `scenario` on the session's store, all started together; returns
   * each actor's result, in actor order. Rejects if any actor throws.
   */
  runActors<P, R>(
    scenario: StoreScenario<P, R>,
    session: StoreSession,
    variant: Variant,
    params: P,
    actors: number,
  ): Promise<R[]>;
  /** Stops the runner's threads / processes / connections. */
  close(): Promise<void>;
}

/**
 * Default number of threads or processes: 2 to 4, by the machine's parallelism.
 * @example
 * threadsDomain({ units: DEFAULT_UNITS });
 */
export const DEFAULT_UNITS: number = Math.min(4, Math.max(2, availableParallelism()));

/** A barrier for `n` in-process parties. */
function localBarrier(n: number): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => {};
  let gate = new Promise<void>((r) => {
    release = r;
  });
  return () => {
    const mine = gate;
    if (++arrived === n) {
      arrived = 0;
      const open = release;
      gate = new Promise<void>((r) => {
        release = r;
      });
      open();
    }
    return mine;
  };
}

/**
 * The async domain: every actor is an async task of this event loop, on a fresh MemoryStore.
 * @example
 * const runner = asyncDomain();
 * const session = await runner.open();
 */
export function asyncDomain(): DomainRunner {
  return {
    name: 'async',
    units: 1,
    open: async () => ({ store: new MemoryStore(), close: async () => {} }),
    async runActors(scenario, session, variant, params, actors) {
      const barrier = localBarrier(actors);
      return Promise.all(
        Array.from({ length: actors }, (_, index) =>
          scenario.actor({
            variant,
            domain: 'async',
            store: session.store,
            params,
            index,
            actors,
            barrier,
          }),
        ),
      );
    },
    close: async () => {},
  };
}

/** Options of {@link threadsDomain}. */
export interface ThreadsDomainOptions {
  /** Worker threads (default {@link DEFAULT_UNITS}). */
  readonly units?: number | undefined;
}

/**
 * The threads domain: actors spread over worker threads, on a fresh WorkersStore per run.
 * @example
 * const runner = threadsDomain({ units: 2 });
 * await runner.close();
 */
export function threadsDomain(options: ThreadsDomainOptions = {}): DomainRunner {
  const pool = new UnitPool('threads', options.units ?? DEFAULT_UNITS);
  const handles = new WeakMap<StoreSession, unknown>();
  let workers: typeof import('../../workers/index.js') | undefined;
  return {
    name: 'threads',
    units: pool.size,
    async open(capacity) {
      workers ??= await import('../../workers/index.js');
      const store = workers.WorkersStore.create({
        maxEntries: Math.max(64, capacity?.entries ?? 4_096),
        maxValueBytes: Math.max(256, capacity?.valueBytes ?? 1_024),
        maxThreads: pool.size + 4,
      });
      const session: StoreSession = {
        store,
        close: async () => store.close(),
      };
      handles.set(session, store.handle);
      return session;
    },
    async runActors(scenario, session, variant, params, actors) {
      const handle = handles.get(session) as import('../../workers/index.js').WorkersStoreHandle;
      return (await pool.run(scenario as StoreScenario, variant, params, actors, {
        kind: 'workers',
        handle,
      })) as never[];
    },
    close: () => pool.close(),
  };
}

/** Options of {@link processesDomain}. */
export interface ProcessesDomainOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  readonly url: string;
  /** Child processes (default {@link DEFAULT_UNITS}). */
  readonly units?: number | undefined;
}

interface LabRedis {
  scan(cursor: string, ...args: (string | number)[]): Promise<[string, string[]]>;
  del(...keys: string[]): Promise<number>;
  quit(): Promise<unknown>;
}

let prefixSeq = 0;

/**
 * The processes domain: actors spread over child processes, on Redis; every run writes under a
 * unique key prefix, deleted after the run. ioredis is loaded only here.
 * @example
 * const runner = processesDomain({ url: 'redis://127.0.0.1:6379' });
 * await runner.close();
 */
export function processesDomain(options: ProcessesDomainOptions): DomainRunner {
  const pool = new UnitPool('processes', options.units ?? DEFAULT_UNITS);
  const prefixes = new WeakMap<StoreSession, string>();
  let client: LabRedis | undefined;
  let redisModule: typeof import('../../redis/index.js') | undefined;
  return {
    name: 'processes',
    units: pool.size,
    async open() {
      if (client === undefined) {
        const { Redis } = await import('ioredis');
        client = new Redis(options.url, { maxRetriesPerRequest: 2 }) as unknown as LabRedis;
      }
      redisModule ??= await import('../../redis/index.js');
      const prefix = `raceless-lab:${process.pid}:${Date.now()}:${++prefixSeq}:`;
      const c = client;
      const session: StoreSession = {
        store: new redisModule.RedisStore({ client: c, prefix }),
        async close() {
          let cursor = '0';
          do {
            const [next, keys] = await c.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
            cursor = next;
            if (keys.length > 0) await c.del(...keys);
          } while (cursor !== '0');
        },
      };
      prefixes.set(session, prefix);
      return session;
    },
    async runActors(scenario, session, variant, params, actors) {
      return (await pool.run(scenario as StoreScenario, variant, params, actors, {
        kind: 'redis',
        url: options.url,
        prefix: prefixes.get(session)!,
      })) as never[];
    },
    async close() {
      await pool.close();
      await client?.quit().catch(() => {});
      client = undefined;
    },
  };
}

/**
 * Whether a Redis server answers PING at `url` within `timeoutMs`.
 * @example
 * if (await redisAnswers('redis://127.0.0.1:6379')) console.log('processes domain available');
 */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  let Redis: typeof import('ioredis').Redis;
  try {
    ({ Redis } = await import('ioredis'));
  } catch {
    return false;
  }
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
