// Leases on a real 3-master Redis Cluster (started on free loopback ports, stopped and deleted
// in teardown): a lease's two keys share one hash tag, so each script touches one slot (one
// primary) — with and without a Leases hashTag. Acquire, exclusion, extend, release and
// increasing fencing tokens work through an ioredis Cluster and a node-redis cluster. Skipped
// only when redis-cli is missing, and never under CI.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { Leases } from '../../src/redis/Lease.js';
import { clusterToolsAvailable, type LocalCluster, startCluster } from './cluster.js';

const available = clusterToolsAvailable();

if (!available && process.env.CI === undefined) {
  test('Leases on Redis Cluster', { skip: 'redis-cli / redis-server not found on PATH' }, () => {});
} else {
  if (!available) throw new Error('CI: redis-cli / redis-server are required for the cluster test');
  const local: LocalCluster = await startCluster();
  const nodes = local.ports.map((port) => ({ host: '127.0.0.1', port }));
  const io = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
  const nr = createCluster({
    rootNodes: nodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })),
  });
  await nr.connect();
  const prefix = `raceless-test:${process.pid}:${Date.now()}:lease-cluster:`;
  after(async () => {
    io.disconnect();
    await nr.quit();
    await local.stop(); // the whole cluster (and every key) is deleted
  });

  for (const hashTag of [undefined, 'app']) {
    test(`leases work on a cluster (hashTag ${hashTag ?? 'none'}): one slot per lease, exclusion, extend, release, fencing`, async () => {
      const a = new Leases({ client: io, prefix, hashTag });
      const b = new Leases({ client: nr, prefix, hashTag });
      const names = ['job', ['shard', 7], '{x}*'];
      for (const name of names) {
        const keys = a.redisKeys(name);
        assert.equal(
          await io.cluster('KEYSLOT', keys.owner),
          await io.cluster('KEYSLOT', keys.fencing),
        );
        const first = await a.acquire(name, { ttlMs: 10_000 });
        assert.equal(await b.tryAcquire(name, { ttlMs: 10_000 }), undefined);
        assert.equal(await first.extend(20_000), true);
        assert.equal(await first.release(), true);
        const second = await b.acquire(name, { ttlMs: 10_000 });
        assert.ok(second.fencingToken > first.fencingToken);
        assert.equal(await second.release(), true);
      }
    });
  }
}
