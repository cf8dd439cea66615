// S08: a sweeper deletes dead sessions while writers revive sessions and insert new ones.
// Scale: 1,000 sessions, every third one revived during the sweep, 200 inserted during it.
// A sweep must delete only entries still matching what it saw (compare-and-delete), and never
// a live one; the walk must not skip or repeat entries live throughout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from '../../src/keys.js';
import { Table } from '../../src/table/Table.js';

type Session = { state: 'live' | 'dead'; gen: number };
const N = 1_000;
const io = () => new Promise<void>((resolve) => setImmediate(resolve));

async function setup(): Promise<Table<Session>> {
  const t = new Table<Session>('sessions');
  await t.setMany(
    Array.from({ length: N }, (_, i) => [i, { state: 'dead', gen: 0 }] as [number, Session]),
  );
  return t;
}

async function writers(t: Table<Session>): Promise<void> {
  for (let i = 0; i < N; i += 3) {
    await t.set(i, { state: 'live', gen: 1 });
    if (i % 15 === 0) await t.set(`new-${i}`, { state: 'live', gen: 1 });
    await io();
  }
}

async function check(t: Table<Session>): Promise<{ lostLive: number; deadLeft: number }> {
  let lostLive = 0;
  for (let i = 0; i < N; i += 3) if ((await t.get(i))?.state !== 'live') lostLive++;
  for (let i = 0; i < N; i += 15) if ((await t.get(`new-${i}`))?.state !== 'live') lostLive++;
  let deadLeft = 0;
  for await (const [, v] of t.entries()) if (v.state === 'dead') deadLeft++;
  return { lostLive, deadLeft };
}

test('a compare-and-delete sweep never deletes a revived or new entry', async () => {
  const t = await setup();
  const visits = new Map<Key, number>();
  const sweeper = async () => {
    for await (const [k, v] of t.entries({ batchSize: 16 })) {
      visits.set(k, (visits.get(k) ?? 0) + 1);
      if (v.state === 'dead') {
        await io();
        await t.compareAndDelete(k, v);
      }
    }
  };
  await Promise.all([sweeper(), writers(t)]);
  const { lostLive } = await check(t);
  assert.equal(lostLive, 0);
  // Every original key stayed in the table or was deleted by the sweeper after it was visited;
  // none was visited twice.
  for (let i = 0; i < N; i++) assert.ok((visits.get(i) ?? 0) <= 1, `key ${i} visited twice`);
  for (let i = 1; i < N; i += 3) assert.equal(visits.get(i), 1, `never-revived key ${i} skipped`);
  // A second atomic sweep removes exactly the dead that remain: revived entries the first sweep saw
  // as dead and then correctly kept are now live, so nothing dead is left behind.
  await t.selectDelete({ field: 'state', eq: 'dead' });
  assert.equal((await check(t)).deadLeft, 0);
  assert.equal(await t.size(), Math.ceil(N / 3) + Math.ceil(N / 15));
});

test('an atomic selectDelete sweep racing the writers never deletes a live entry', async () => {
  const t = await setup();
  const sweeper = async () => {
    for (let round = 0; round < 20; round++) {
      await t.selectDelete({ field: 'state', eq: 'dead' });
      await io();
    }
  };
  await Promise.all([sweeper(), writers(t)]);
  const { lostLive, deadLeft } = await check(t);
  assert.equal(lostLive, 0);
  assert.equal(deadLeft, 0);
  assert.equal(await t.size(), Math.ceil(N / 3) + Math.ceil(N / 15));
});

test('the naive snapshot-then-delete sweep deletes revived entries (the test can see the bug)', async () => {
  const t = await setup();
  const sweeper = async () => {
    const dead: Key[] = [];
    for await (const [k, v] of t.entries()) if (v.state === 'dead') dead.push(k);
    for (const k of dead) {
      await io();
      await t.delete(k); // what the seed did: delete by key, whatever the entry is now
    }
  };
  await Promise.all([sweeper(), writers(t)]);
  const { lostLive } = await check(t);
  assert.ok(lostLive > 0, 'the naive sweep should have deleted live entries');
});
