// S20: the configured capacity is the one enforced, in every overflow mode, under a producer
// that never awaits. Scale: capacity 100, 10,000 sends in one synchronous burst.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Mailbox, type OverflowPolicy } from '../../../src/sync/Mailbox.js';
import { UnboundedMailbox } from '../../naive/unboundedMailbox.js';

const N = 10_000;
const CAPACITY = 100;

for (const overflow of ['drop-newest', 'drop-oldest', 'reject', 'wait'] as OverflowPolicy[]) {
  test(`${overflow}: size never exceeds ${CAPACITY}`, async () => {
    const box = new Mailbox<number>({ capacity: CAPACITY, overflow, maxWaitingSenders: 50 });
    let maxSize = 0;
    const sends: Promise<boolean>[] = [];
    for (let i = 0; i < N; i++) {
      sends.push(box.send(i));
      maxSize = Math.max(maxSize, box.size);
    }
    assert.equal(maxSize, CAPACITY);
    assert.equal(box.size, CAPACITY);
    const overCapacity = N - CAPACITY;
    if (overflow === 'drop-newest' || overflow === 'drop-oldest')
      assert.equal(box.dropped, overCapacity);
    if (overflow === 'reject') assert.equal(box.rejected, overCapacity);
    if (overflow === 'wait') {
      assert.equal(box.waitingSenders, 50);
      assert.equal(box.rejected, overCapacity - 50);
    }
    box.close();
    await Promise.allSettled(sends);
  });
}

test('naive: the configured limit is never applied', () => {
  const naive = new UnboundedMailbox<number>(CAPACITY);
  for (let i = 0; i < N; i++) naive.send(i);
  assert.equal(naive.size, N);
  assert.equal(naive.dropped, 0);
});
