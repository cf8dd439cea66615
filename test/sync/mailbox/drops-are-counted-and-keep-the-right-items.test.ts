// drop-newest keeps the oldest items, drop-oldest keeps the newest; every drop is counted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Mailbox } from '../../../src/sync/Mailbox.js';

async function drain(box: Mailbox<number>): Promise<number[]> {
  box.close();
  const out: number[] = [];
  for await (const x of box) out.push(x);
  return out;
}

test('drop-newest', async () => {
  const box = new Mailbox<number>({ capacity: 3, overflow: 'drop-newest' });
  const accepted = await Promise.all([1, 2, 3, 4, 5].map((i) => box.send(i)));
  assert.deepEqual(accepted, [true, true, true, false, false]);
  assert.equal(box.dropped, 2);
  assert.deepEqual(await drain(box), [1, 2, 3]);
});

test('drop-oldest', async () => {
  const box = new Mailbox<number>({ capacity: 3, overflow: 'drop-oldest' });
  await Promise.all([1, 2, 3, 4, 5].map((i) => box.send(i)));
  assert.equal(box.dropped, 2);
  assert.deepEqual(await drain(box), [3, 4, 5]);
});

test('reject', async () => {
  const box = new Mailbox<number>({ capacity: 1, overflow: 'reject' });
  await box.send(1);
  await assert.rejects(box.send(2), { code: 'ERR_CAPACITY_EXCEEDED' });
  assert.equal(box.rejected, 1);
  assert.equal(box.dropped, 0);
});
