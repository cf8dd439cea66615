/**
 * One child process of a multi-process stress test. argv[2] is a {@link ChildJob} (JSON). The
 * child opens its own clients (ioredis for even ids, node-redis for odd ids under its
 * RedisStore; an ioredis control client for barriers and the naive pattern), meets the others at
 * a Redis barrier, runs the raceless phase through RedisStore, meets again, runs the naive
 * GET/SET phase at the same scale, and prints `RESULT <json>`.
 */
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { BreakerOpenError, CircuitBreaker } from '../../src/breaker/CircuitBreaker.js';
import { AlreadyRegisteredError } from '../../src/errors.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { Metrics } from '../../src/metrics/Metrics.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { Registry } from '../../src/registry/Registry.js';
import { Table } from '../../src/table/Table.js';
import {
  naiveConsume,
  naiveIncrement,
  naiveObserve,
  naiveRegister,
  naiveResetSummary,
  naiveTakeTrial,
} from '../naive/naiveRedis.js';
import { barrier, type ChildJob, lanes } from './helpers.js';

const job = JSON.parse(process.argv[2] ?? '{}') as ChildJob;
const { id, processes, prefix } = job;
const params = job.params as Record<string, number>;
const LANES = 8;

const control = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
const nodeRedis =
  id % 2 === 1 ? await createClient({ url: 'redis://127.0.0.1:6379' }).connect() : undefined;
const ioStore =
  id % 2 === 0 ? new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 }) : undefined;
const store = new RedisStore({ client: nodeRedis ?? ioStore, prefix });

const meet = (name: string) => barrier(control, `${prefix}barrier:${name}`, processes);
const naiveKey = (name: string) => `${prefix}naive:${name}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(check: () => boolean | Promise<boolean>): Promise<void> {
  const stop = performance.now() + 60_000;
  while (!(await check())) {
    if (performance.now() > stop) throw new Error('waitFor: condition never held');
    await sleep(2);
  }
}

const scenarios: Record<string, () => Promise<unknown>> = {
  /** S01: `each` updateCounter per process; naive GET/SET at the same scale. */
  async S01() {
    const hits = new Table<number>('hits', { store });
    await meet('start');
    await lanes(params.each!, LANES, async () => {
      await hits.updateCounter('home', 1, { default: 0 });
    });
    await meet('naive');
    const key = naiveKey('hits');
    await naiveIncrement(control, key, 1, () => meet('naive-window'));
    await lanes(params.each! - 1, LANES, () => naiveIncrement(control, key));
    return {};
  },

  /** S03: `each` consumes per process at `limit`, on every algorithm; naive check-then-set. */
  async S03() {
    const admitted: Record<string, number> = {};
    for (const algorithm of ['fixed-window', 'sliding-window', 'token-bucket', 'gcra'] as const) {
      const limiter = new RateLimiter(`login-${algorithm}`, {
        store,
        algorithm,
        limit: params.limit!,
        windowMs: 600_000,
      });
      admitted[algorithm] = 0;
      await meet(`start-${algorithm}`);
      await lanes(params.each!, LANES, async () => {
        if ((await limiter.consume(['user', 'ada'])).allowed) admitted[algorithm]!++;
      });
    }
    await meet('naive');
    const key = naiveKey('login');
    let naive = 0;
    if (await naiveConsume(control, key, params.limit!, () => meet('naive-window'))) naive++;
    await lanes(params.each! - 1, LANES, async () => {
      if (await naiveConsume(control, key, params.limit!)) naive++;
    });
    return { admitted, naive };
  },

  /** S05: `each` concurrent registrations of one name per process; losers' resources disposed. */
  async S05() {
    let created = 0;
    let disposed = 0;
    const registry = new Registry<{ owner: string }>('services', {
      store,
      dispose: () => {
        disposed++;
      },
    });
    await meet('start');
    const settled = await Promise.allSettled(
      Array.from({ length: params.each! }, (_, i) =>
        registry.register('billing', () => {
          created++;
          return { owner: `${id}-${i}` };
        }),
      ),
    );
    const tokens: string[] = [];
    let rejected = 0;
    for (const s of settled) {
      if (s.status === 'fulfilled') tokens.push(s.value.token);
      else if (s.reason instanceof AlreadyRegisteredError) rejected++;
      else throw s.reason;
    }
    await meet('naive');
    const key = naiveKey('billing');
    let naive = 0;
    if (await naiveRegister(control, key, `${id}-0`, () => meet('naive-window'))) naive++;
    await lanes(params.each! - 1, LANES, async (i) => {
      if (await naiveRegister(control, key, `${id}-${i + 1}`)) naive++;
    });
    return { tokens, rejected, created, disposed, naive };
  },

  /** S15: `each` observations of 0.35 per process into one summary; naive float keys. */
  async S15() {
    const ratio = new Metrics({ store }).summary({ name: 'ratio', help: 'ratio', scale: 10_000 });
    await meet('start');
    await lanes(params.each!, LANES, () => ratio.observe(0.35));
    await meet('naive');
    const key = naiveKey('ratio');
    await naiveObserve(control, key, 0.35, () => meet('naive-window'));
    await lanes(params.each! - 1, LANES, () => naiveObserve(control, key, 0.35));
    return {};
  },

  /**
   * S15 reset: `each` observations per process; process 0 also resets the summary after every
   * `resetEvery`-th of its observations, while the others write. Naive: process 0's reset reads,
   * then every other process writes once, then the reset writes zero.
   */
  async S15reset() {
    const ratio = new Metrics({ store }).summary({ name: 'ratio', help: 'ratio', scale: 10_000 });
    const snapshots: { count: number; sum: number; mean: number }[] = [];
    await meet('start');
    await lanes(params.each!, LANES, async (i) => {
      await ratio.observe(0.35);
      if (id === 0 && i % params.resetEvery! === params.resetEvery! - 1) {
        snapshots.push(await ratio.reset());
      }
    });
    await meet('naive');
    const key = naiveKey('ratio');
    const half = Math.floor(params.each! / 2);
    await lanes(half, LANES, () => naiveObserve(control, key, 0.35));
    let naiveBefore: { count: number; sum: number } | undefined;
    if (id === 0) {
      naiveBefore = await naiveResetSummary(control, key, async () => {
        await control.incr(`${prefix}barrier:reset-read`);
        await waitFor(
          async () => Number(await control.get(`${prefix}barrier:reset-written`)) >= processes - 1,
        );
      });
    } else {
      await waitFor(async () => Number(await control.get(`${prefix}barrier:reset-read`)) >= 1);
      await naiveObserve(control, key, 0.35);
      await control.incr(`${prefix}barrier:reset-written`);
    }
    await lanes(params.each! - half - (id === 0 ? 0 : 1), LANES, () =>
      naiveObserve(control, key, 0.35),
    );
    return { snapshots, naiveBefore };
  },

  /**
   * S17: limiters `auth` and `api` (limit each) on one store; every process tries both, process
   * 0 resets `api`, every process tries both again. Naive: one count per user shared by both
   * limiters, reset by DEL.
   */
  async S17() {
    const options = {
      store,
      algorithm: 'fixed-window' as const,
      limit: params.limit!,
      windowMs: 600_000,
    };
    const auth = new RateLimiter('auth', options);
    const api = new RateLimiter('api', options);
    const admitted = { auth: 0, api: 0 };
    const round = () =>
      lanes(params.each!, LANES, async (i) => {
        const [limiter, name] = i % 2 === 0 ? [auth, 'auth' as const] : [api, 'api' as const];
        if ((await limiter.consume('user-1')).allowed) admitted[name]++;
      });
    await meet('start');
    await round();
    await meet('reset');
    if (id === 0) await api.resetAll();
    await meet('after-reset');
    await round();

    await meet('naive');
    const key = naiveKey('user-1');
    const naive = { auth: 0, api: 0 };
    const naiveRound = async () => {
      if (await naiveConsume(control, key, params.limit!, () => meet('naive-window-1'))) {
        naive.auth++;
      }
      await lanes(params.each! - 1, LANES, async (i) => {
        const name = i % 2 === 0 ? 'api' : 'auth';
        if (await naiveConsume(control, key, params.limit!)) naive[name]++;
      });
    };
    await naiveRound();
    await meet('naive-reset');
    if (id === 0) await control.del(key); // the naive limiter's "reset api" clears the shared key
    await meet('naive-after-reset');
    if (await naiveConsume(control, key, params.limit!, () => meet('naive-window-2'))) naive.auth++;
    await lanes(params.each! - 1, LANES, async (i) => {
      const name = i % 2 === 0 ? 'api' : 'auth';
      if (await naiveConsume(control, key, params.limit!)) naive[name]++;
    });
    return { admitted, naive };
  },

  /**
   * A breaker shared by all processes: process 0 trips it; when it is half-open every process
   * fires `each` calls at once; trials hold until every call is decided. Naive: trial slots as
   * a GET/SET counter.
   */
  async breaker() {
    const breaker = new CircuitBreaker('payments', {
      store,
      consecutiveFailures: 1,
      openMs: 300,
      halfOpenTrials: params.trials!,
      trialTimeoutMs: 60_000,
    });
    if (id === 0) {
      await breaker
        .execute(() => {
          throw new Error('down');
        })
        .catch(() => {});
    }
    await meet('start');
    await waitFor(async () => (await breaker.state()) === 'half-open');
    await meet('half-open');
    let trials = 0;
    let rejected = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const calls = Array.from({ length: params.each! }, () =>
      breaker
        .execute(async () => {
          trials++;
          await gate;
          return 'ok';
        })
        .catch((e) => {
          if (e instanceof BreakerOpenError) rejected++;
          else throw e;
        }),
    );
    await waitFor(() => trials + rejected === params.each!);
    await meet('decided');
    release();
    await Promise.all(calls);
    await meet('settled');

    await meet('naive');
    const key = naiveKey('trials');
    let naive = 0;
    if (await naiveTakeTrial(control, key, params.trials!, () => meet('naive-window'))) naive++;
    await lanes(params.each! - 1, LANES, async () => {
      if (await naiveTakeTrial(control, key, params.trials!)) naive++;
    });
    return { trials, rejected, naive, state: await breaker.state() };
  },
};

const run = scenarios[job.scenario];
if (run === undefined) throw new Error(`unknown scenario ${job.scenario}`);
try {
  const result = await run();
  console.log(`RESULT ${JSON.stringify(result)}`);
} finally {
  control.disconnect();
  ioStore?.disconnect();
  await nodeRedis?.quit();
}
