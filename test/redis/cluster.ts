/**
 * A throwaway local Redis Cluster for tests: three masters on free loopback ports, in a temporary
 * directory, started as child processes and stopped (by their pids) and deleted in teardown.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether redis-server and redis-cli are on the PATH. */
export function clusterToolsAvailable(): boolean {
  const ok = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
  return ok('redis-cli') && ok('redis-server');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Three ports P (with P + 10000, the cluster bus, free too), picked at random. */
async function freePorts(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let attempt = 0; out.length < n; attempt++) {
    if (attempt > 500) throw new Error('no free loopback ports for the cluster');
    const p = 20_000 + Math.floor(Math.random() * 20_000);
    if (out.includes(p)) continue;
    if ((await portFree(p)) && (await portFree(p + 10_000))) out.push(p);
  }
  return out;
}

function cli(port: number, ...args: string[]): string {
  const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
  });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}

async function until(what: string, check: () => boolean, limitMs = 20_000): Promise<void> {
  const stop = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > stop) throw new Error(`cluster: ${what} not reached`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A running local cluster. */
export interface LocalCluster {
  readonly ports: readonly number[];
  stop(): Promise<void>;
}

/**
 * Starts a 3-master cluster and waits for `cluster_state:ok` on every node.
 * @example const cluster = await startCluster(); try { ... } finally { await cluster.stop(); }
 */
export async function startCluster(): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'raceless-cluster-'));
  const ports = await freePorts(3);
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--daemonize',
          'no',
        ],
        { stdio: 'ignore' },
      );
      children.push(child);
    }
    for (const port of ports)
      await until(`node ${port} up`, () => cli(port, 'ping').includes('PONG'));
    const created = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (created.status !== 0)
      throw new Error(`cluster create failed: ${created.stdout}${created.stderr}`);
    for (const port of ports) {
      await until(`cluster_state:ok on ${port}`, () =>
        cli(port, 'cluster', 'info').includes('cluster_state:ok'),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { ports, stop };
}
