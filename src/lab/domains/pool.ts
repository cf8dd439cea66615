/**
 * A pool of lab units (worker threads or child processes), started once per lab run and reused
 * by every scenario: a job is split over the units, started together (barrier 0), relayed through
 * each run-wide barrier, and its results gathered in actor order.
 */
import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { StoreScenario, Variant } from '../types.js';
import type { FromUnit, StoreRef, ToUnit } from './protocol.js';

/** Whether this module runs from TypeScript sources (tests, tsx) rather than from dist/. */
export const fromSource: boolean = import.meta.url.endsWith('.ts');

const entryUrl = new URL(`./unit-entry.${fromSource ? 'ts' : 'js'}`, import.meta.url);

interface Endpoint {
  send(m: ToUnit): void;
  onMessage(h: (m: FromUnit) => void): void;
  onExit(h: (why: string) => void): void;
  kill(): Promise<void>;
}

function tsxLoader(): string {
  return import.meta.resolve('tsx');
}

function spawnThread(): Endpoint {
  // Node 20 does not apply `--import tsx` to a worker's entry module: from sources, a tiny ESM
  // boot module registers tsx's loader in the worker, then imports the TypeScript entry.
  const worker = fromSource
    ? new Worker(
        new URL(
          `data:text/javascript,${encodeURIComponent(
            `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};` +
              `register(); await import(${JSON.stringify(entryUrl.href)});`,
          )}`,
        ),
      )
    : new Worker(entryUrl, { execArgv: [] });
  return {
    send: (m) => worker.postMessage(m),
    onMessage: (h) => worker.on('message', h),
    onExit: (h) => {
      worker.on('error', (e) => h(`worker error: ${e.message}`));
      worker.on('exit', (code) => h(`worker exited with code ${code}`));
    },
    kill: async () => {
      await worker.terminate();
    },
  };
}

function spawnProcess(): Endpoint {
  const child = fork(entryUrl, [], {
    execArgv: fromSource ? ['--import', tsxLoader()] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    send: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (h) => child.on('message', (m) => h(m as FromUnit)),
    onExit: (h) => {
      child.on('error', (e) => h(`child process error: ${e.message}`));
      child.on('exit', (code, signal) => h(`child process exited (${signal ?? code})`));
    },
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

interface Unit {
  readonly endpoint: Endpoint;
  readonly up: Promise<void>;
  dead: string | undefined;
}

interface ActiveRun {
  readonly units: readonly Unit[];
  readonly arrivals: Map<number, number>;
  readonly results: Map<number, unknown>;
  done: number;
  resolve(results: unknown[]): void;
  reject(e: Error): void;
  readonly actors: number;
}

/** A pool of worker threads or child processes running store-scenario actors. */
export class UnitPool {
  readonly kind: 'threads' | 'processes';
  readonly size: number;
  #units: Unit[] | undefined;
  #runSeq = 0;
  readonly #runs = new Map<number, ActiveRun>();

  constructor(kind: 'threads' | 'processes', size: number) {
    this.kind = kind;
    this.size = size;
  }

  #start(): Unit[] {
    const current = this.#units;
    if (current?.every((u) => u.dead === undefined)) return current;
    if (this.#units !== undefined) for (const u of this.#units) void u.endpoint.kill();
    const units = Array.from({ length: this.size }, () => {
      const endpoint = this.kind === 'threads' ? spawnThread() : spawnProcess();
      let upResolve!: () => void;
      let upReject!: (e: Error) => void;
      const up = new Promise<void>((res, rej) => {
        upResolve = res;
        upReject = rej;
      });
      up.catch(() => {});
      const unit: Unit = { endpoint, up, dead: undefined };
      endpoint.onMessage((m) => {
        if (m.type === 'up') upResolve();
        else this.#onMessage(m);
      });
      endpoint.onExit((why) => {
        if (unit.dead !== undefined) return;
        unit.dead = why;
        upReject(new Error(why));
        for (const run of this.#runs.values()) {
          if (run.units.includes(unit)) run.reject(new Error(`a lab unit died: ${why}`));
        }
      });
      return unit;
    });
    this.#units = units;
    return units;
  }

  #onMessage(m: FromUnit): void {
    if (m.type === 'up') return;
    const run = this.#runs.get(m.run);
    if (run === undefined) return;
    if (m.type === 'error') {
      run.reject(new Error(m.message));
      return;
    }
    if (m.type === 'arrive') {
      const n = (run.arrivals.get(m.gen) ?? 0) + 1;
      run.arrivals.set(m.gen, n);
      if (n === run.units.length) {
        run.arrivals.delete(m.gen);
        for (const u of run.units) u.endpoint.send({ type: 'release', run: m.run, gen: m.gen });
      }
      return;
    }
    for (const [i, r] of m.results) run.results.set(i, r);
    if (++run.done === run.units.length) {
      run.resolve(Array.from({ length: run.actors }, (_, i) => run.results.get(i)));
    }
  }

  /** Runs every actor of one variant run, actor `i` on unit `i mod size`; results in actor order. */
  async run(
    scenario: StoreScenario,
    variant: Variant,
    params: unknown,
    actors: number,
    store: StoreRef,
  ): Promise<unknown[]> {
    const all = this.#start();
    await Promise.all(all.map((u) => u.up));
    const runId = ++this.#runSeq;
    const assigned = all
      .map((unit, u) => ({
        unit,
        indices: Array.from({ length: actors }, (_, i) => i).filter((i) => i % all.length === u),
      }))
      .filter((a) => a.indices.length > 0);
    try {
      return await new Promise<unknown[]>((resolve, reject) => {
        this.#runs.set(runId, {
          units: assigned.map((a) => a.unit),
          arrivals: new Map(),
          results: new Map(),
          done: 0,
          resolve,
          reject,
          actors,
        });
        for (const { unit, indices } of assigned) {
          unit.endpoint.send({
            type: 'job',
            run: runId,
            id: scenario.id,
            module: scenario.module,
            variant,
            domain: this.kind,
            params,
            indices,
            actors,
            store,
          });
        }
      });
    } catch (e) {
      // A failed run may leave units waiting at a barrier: start fresh units next time.
      await this.close();
      throw e;
    } finally {
      this.#runs.delete(runId);
    }
  }

  /** Stops every unit. */
  async close(): Promise<void> {
    const units = this.#units;
    this.#units = undefined;
    if (units === undefined) return;
    await Promise.all(
      units.map(async (u) => {
        if (u.dead !== undefined) return;
        u.dead = 'stopped';
        u.endpoint.send({ type: 'stop' });
        const stopped = new Promise<void>((resolve) => u.endpoint.onExit(() => resolve()));
        const timer = new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref());
        await Promise.race([stopped, timer]);
        await u.endpoint.kill();
      }),
    );
  }
}
