// receive() waits are cancellable: timeout and abort remove the receiver synchronously, and a
// later item goes to the next receiver.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { AbortedError, TimeoutError } from '../../../src/errors.js';
import { Mailbox } from '../../../src/sync/Mailbox.js';

test('timed-out and aborted receivers leave; the item goes to the live one', async () => {
  const clock = new ManualClock();
  const box = new Mailbox<string>({ capacity: 1, clock });
  const timed = box.receive({ timeoutMs: 3 });
  const controller = new AbortController();
  const aborted = box.receive({ signal: controller.signal });
  const live = box.receive();
  clock.advance(3);
  controller.abort();
  assert.equal(box.waitingReceivers, 1);
  await box.send('x');
  assert.equal(await live, 'x');
  await assert.rejects(timed, TimeoutError);
  await assert.rejects(aborted, AbortedError);
  await assert.rejects(box.receive({ signal: AbortSignal.abort() }), AbortedError);
});

test('options are validated', () => {
  assert.throws(() => new Mailbox({ capacity: 0 }), { code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => new Mailbox({ capacity: 1, overflow: 'grow' as never }), {
    code: 'ERR_INVALID_ARGUMENT',
  });
  assert.throws(() => new Mailbox(undefined as never), { code: 'ERR_INVALID_ARGUMENT' });
});
