/**
 * The body of a unit (a worker thread or a child process of the lab): it receives jobs, attaches
 * to the run's store, imports the scenario module and runs its share of the actors, with the
 * run-wide barriers relayed through the parent.
 */
import type { Store } from '../../store/contract.js';
import type { LabActorContext, StoreScenario } from '../types.js';
import type { FromUnit, JobMessage, StoreRef, ToUnit } from './protocol.js';

/** A message channel to the parent. */
export interface UnitPort {
  send(message: FromUnit): void;
  onMessage(handler: (message: ToUnit) => void): void;
  /** Ends the unit (after `stop`). */
  exit(): void;
}

interface RedisClientLike {
  quit(): Promise<unknown>;
}

const redisClients = new Map<string, RedisClientLike>();

async function redisClient(url: string): Promise<RedisClientLike> {
  let client = redisClients.get(url);
  if (client === undefined) {
    const { Redis } = await import('ioredis');
    client = new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: false });
    redisClients.set(url, client);
  }
  return client;
}

async function attach(ref: StoreRef): Promise<{ store: Store; close(): void }> {
  if (ref.kind === 'workers') {
    const { WorkersStore } = await import('../../workers/index.js');
    const store = WorkersStore.attach(ref.handle);
    return { store, close: () => store.close() };
  }
  const { RedisStore } = await import('../../redis/index.js');
  const client = await redisClient(ref.url);
  return { store: new RedisStore({ client, prefix: ref.prefix }), close: () => {} };
}

/** Finds the scenario with `id` among a module's exports. */
export async function loadScenario(module: string, id: string): Promise<StoreScenario> {
  const mod = (await import(module)) as Record<string, unknown>;
  for (const value of Object.values(mod)) {
    const s = value as Partial<StoreScenario> | null;
    if (typeof s === 'object' && s !== null && s.kind === 'store' && s.id === id) {
      return s as StoreScenario;
    }
  }
  throw new Error(`module ${module} exports no store scenario ${id}`);
}

/** Serves jobs on `port` until told to stop. */
export function serveUnit(port: UnitPort): void {
  const releases = new Map<string, () => void>();
  const released = new Set<string>();
  const waitRelease = (run: number, gen: number) =>
    new Promise<void>((resolve) => {
      const k = `${run}:${gen}`;
      if (released.delete(k)) resolve();
      else releases.set(k, resolve);
    });

  async function runJob(job: JobMessage): Promise<void> {
    let attached: { store: Store; close(): void } | undefined;
    try {
      const scenario = await loadScenario(job.module, job.id);
      attached = await attach(job.store);
      const store = attached.store;
      // Local barrier: when every local actor arrived at generation g, tell the parent and wait.
      let gen = 0;
      let arrived = 0;
      let gate: Promise<void> | undefined;
      const barrier = (): Promise<void> => {
        if (arrived === 0) {
          gen++;
          const g = gen;
          gate = waitRelease(job.run, g);
        }
        const mine = gate!;
        if (++arrived === job.indices.length) {
          arrived = 0;
          port.send({ type: 'arrive', run: job.run, gen });
        }
        return mine;
      };
      // Start barrier (generation 0): everything attached and loaded in every unit, then go.
      const start = waitRelease(job.run, 0);
      port.send({ type: 'arrive', run: job.run, gen: 0 });
      await start;
      const results = await Promise.all(
        job.indices.map(async (index) => {
          const ctx: LabActorContext<unknown> = {
            variant: job.variant,
            domain: job.domain,
            store,
            params: job.params,
            index,
            actors: job.actors,
            barrier,
          };
          return [index, await scenario.actor(ctx)] as [number, unknown];
        }),
      );
      port.send({ type: 'done', run: job.run, results });
    } catch (e) {
      port.send({
        type: 'error',
        run: job.run,
        message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
    } finally {
      attached?.close();
    }
  }

  port.onMessage((m) => {
    if (m.type === 'job') void runJob(m);
    else if (m.type === 'release') {
      const k = `${m.run}:${m.gen}`;
      const resolve = releases.get(k);
      if (resolve === undefined) released.add(k);
      else {
        releases.delete(k);
        resolve();
      }
    } else if (m.type === 'stop') {
      void Promise.all([...redisClients.values()].map((c) => c.quit().catch(() => {}))).finally(
        () => port.exit(),
      );
    }
  });
  port.send({ type: 'up' });
}
