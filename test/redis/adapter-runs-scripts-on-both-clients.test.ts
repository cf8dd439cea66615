// The adapter runs a script by SHA on ioredis and node-redis, falls back to EVAL only on NOSCRIPT,
// and never retries anything else. Real Redis on 127.0.0.1:6379; keys under a unique prefix.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { LuaScript, type ScriptRunner, scriptRunner } from '../../src/redis/adapter.js';

const prefix = `raceless-test:${process.pid}:${Date.now()}:adapter:`;
const io = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
const nr = createClient({ url: 'redis://127.0.0.1:6379' });

before(async () => {
  await io.connect();
  await nr.connect();
});
after(async () => {
  const keys = await io.keys(`${prefix}*`);
  if (keys.length > 0) await io.del(...keys);
  io.disconnect();
  await nr.quit();
});

for (const [name, make] of [
  ['ioredis', () => scriptRunner(io)],
  ['node-redis', () => scriptRunner(nr)],
] as Array<[string, () => ScriptRunner]>) {
  test(`${name}: a new script runs (NOSCRIPT → EVAL once), then by SHA`, async () => {
    const runner = make();
    assert.equal(runner.client, name);
    // A unique source, so the server has never seen its SHA.
    const script = new LuaScript(
      `-- ${name} ${Math.random()}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`,
    );
    const key = `${prefix}${name}:n`;
    assert.equal(await runner.run(script, [key], [5]), 5);
    assert.equal(await runner.run(script, [key], [2]), 7);
    assert.equal(Number(await io.get(key)), 7);
  });

  test(`${name}: a script error is the server's reply, not retried`, async () => {
    const runner = make();
    const calls = `${prefix}${name}:calls`;
    const script = new LuaScript(
      "redis.call('INCR', KEYS[1]); return redis.error_reply('ERR boom')",
    );
    await assert.rejects(runner.run(script, [calls], []), /boom/);
    assert.equal(Number(await io.get(calls)), 1);
  });
}

test('anything that is not a client is refused naming `client`', () => {
  assert.throws(() => scriptRunner({}), /client/);
  assert.throws(() => scriptRunner(null), /client/);
});
