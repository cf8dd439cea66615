// RedisStore on a real 3-master Redis Cluster (started here on free loopback ports, stopped and
// deleted in teardown): the whole contract suite through an ioredis Cluster with a store
// hashTag (so multi-table rate limits work); without hashTag, tables spread over the masters and
// every per-table operation works, while a rate limit over tables in different slots fails
// clearly; a node-redis cluster runs the same scripts. Skipped only when redis-cli is missing,
// and never under CI.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { InvalidArgumentError } from '../../src/errors.js';
import { RedisStore } from '../../src/redis/RedisStore.js';
import { Table } from '../../src/table/Table.js';
import { runContract } from '../contract/suite.js';
import { clusterToolsAvailable, type LocalCluster, startCluster } from './cluster.js';

const available = clusterToolsAvailable();

if (!available && process.env.CI === undefined) {
  test('Redis Cluster', { skip: 'redis-cli / redis-server not found on PATH' }, () => {});
} else {
  if (!available) throw new Error('CI: redis-cli / redis-server are required for the cluster test');
  const local: LocalCluster = await startCluster();
  const nodes = local.ports.map((port) => ({ host: '127.0.0.1', port }));
  const cluster = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
  const prefix = `raceless-test:${process.pid}:${Date.now()}:cluster:`;

  after(async () => {
    cluster.disconnect();
    await local.stop();
  });

  runContract({
    name: 'redis',
    async setup() {
      return {
        store: new RedisStore({ client: cluster, prefix, hashTag: 'contract' }),
        dispose: async () => {},
      };
    },
  });

  test('without hashTag, tables spread over the masters and each works on its own node', async () => {
    const store = new RedisStore({ client: cluster, prefix: `${prefix}spread:` });
    const names = Array.from({ length: 12 }, (_, i) => `table-${i}`);
    await Promise.all(
      names.map(async (name) => {
        const t = new Table<number>(name, { store, maxEntries: 50 });
        await Promise.all(
          Array.from({ length: 20 }, () => t.updateCounter('hits', 1, { default: 0 })),
        );
        await t.set('x', 1, { ttlMs: 60_000 });
        assert.equal(await t.get('hits'), 20);
        assert.equal(await t.size(), 2);
        assert.equal(await t.selectDelete({ key: true, eq: 'x' }), 1);
      }),
    );
    // The tables' keys really are on different masters.
    const owners = new Set<string>();
    for (const name of names) {
      const slot = Number(await cluster.cluster('KEYSLOT', store.redisKeys(name).data));
      const shards = (await cluster.cluster('SLOTS')) as unknown as Array<
        [number, number, [string, number]]
      >;
      const owner = shards.find(([from, to]) => slot >= from && slot <= to)!;
      owners.add(String(owner[2][1]));
    }
    assert.ok(owners.size >= 2, `all 12 tables landed on ${owners.size} master`);
  });

  test('a rate limit over tables in different slots fails clearly and consumes nothing', async () => {
    const store = new RedisStore({ client: cluster, prefix: `${prefix}cross:` });
    const rule = { algorithm: 'fixed-window' as const, limit: 5, windowMs: 60_000 };
    // Find two table names whose slots differ.
    const a = 'per-user';
    let b = 'per-route';
    for (let i = 0; ; i++) {
      const sa = Number(await cluster.cluster('KEYSLOT', store.redisKeys(a).data));
      const sb = Number(await cluster.cluster('KEYSLOT', store.redisKeys(b).data));
      if (sa !== sb) break;
      b = `per-route-${i}`;
    }
    await assert.rejects(
      store.rateLimit({
        op: 'consume',
        items: [
          { table: a, key: 'su', rule, cost: 1 },
          { table: b, key: 'sr', rule, cost: 1 },
        ],
      }),
      (e: InvalidArgumentError) =>
        e instanceof InvalidArgumentError && e.argument === 'items' && /hashTag/.test(e.message),
    );
    const peek = await store.rateLimit({
      op: 'peek',
      items: [{ table: a, key: 'su', rule, cost: 1 }],
    });
    assert.equal(peek.items[0]!.remaining, 5);
    // With a hashTag the same call is one atomic step on one node.
    const tagged = new RedisStore({
      client: cluster,
      prefix: `${prefix}cross:`,
      hashTag: 'limits',
    });
    const ok = await tagged.rateLimit({
      op: 'consume',
      items: [
        { table: a, key: 'su', rule, cost: 1 },
        { table: b, key: 'sr', rule, cost: 1 },
      ],
    });
    assert.equal(ok.allowed, true);
  });

  test('a node-redis cluster runs the same scripts', async () => {
    const nr = createCluster({
      rootNodes: local.ports.map((port) => ({ url: `redis://127.0.0.1:${port}` })),
    });
    await nr.connect();
    try {
      const store = new RedisStore({ client: nr, prefix: `${prefix}node-redis:` });
      const tables = Array.from({ length: 6 }, (_, i) => new Table<number>(`nr-${i}`, { store }));
      await Promise.all(
        tables.map((t) =>
          Promise.all(Array.from({ length: 25 }, () => t.updateCounter('c', 1, { default: 0 }))),
        ),
      );
      for (const t of tables) assert.equal(await t.get('c'), 25);
    } finally {
      await nr.quit();
    }
  });
}
