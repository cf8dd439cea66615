// close(): waiting senders and receivers are settled with ClosedError, new sends are refused,
// buffered items can still be received, and async iteration ends after the last one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClosedError } from '../../../src/errors.js';
import { Mailbox } from '../../../src/sync/Mailbox.js';

test('pending receivers are released by close', async () => {
  const box = new Mailbox<number>({ capacity: 2 });
  const r1 = box.receive();
  const r2 = box.receive();
  box.close();
  await assert.rejects(r1, ClosedError);
  await assert.rejects(r2, ClosedError);
  await assert.rejects(box.send(1), ClosedError);
});

test('pending senders are rejected; buffered items drain; iteration ends', async () => {
  const box = new Mailbox<number>({ capacity: 2, overflow: 'wait' });
  await box.send(1);
  await box.send(2);
  const blocked = box.send(3);
  box.close();
  box.close();
  await assert.rejects(blocked, ClosedError);
  const seen: number[] = [];
  for await (const x of box) seen.push(x);
  assert.deepEqual(seen, [1, 2]);
});

test('a consumer loop sees every accepted item, then ends', async () => {
  const box = new Mailbox<number>({ capacity: 4 });
  const consumer = (async () => {
    const seen: number[] = [];
    for await (const x of box) seen.push(x);
    return seen;
  })();
  for (let i = 0; i < 10; i++) await box.send(i);
  box.close();
  assert.deepEqual(await consumer, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});
