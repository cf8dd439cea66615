// 'wait': a sender waits for room (FIFO); a timed-out sender leaves at once and its item is not
// delivered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { TimeoutError } from '../../../src/errors.js';
import { Mailbox } from '../../../src/sync/Mailbox.js';
import { stateOf } from '../helpers.js';

test('senders wait until a receive makes room, in order', async () => {
  const box = new Mailbox<string>({ capacity: 1, overflow: 'wait' });
  await box.send('a');
  const b = box.send('b');
  const c = box.send('c');
  assert.equal(await stateOf(b), 'pending');
  assert.equal(await box.receive(), 'a');
  assert.equal(box.size, 1, 'b moved in as a moved out');
  assert.equal(await b, true);
  assert.equal(await box.receive(), 'b');
  assert.equal(await box.receive(), 'c');
  assert.equal(await c, true);
});

test('a timed-out sender is removed and its item never arrives', async () => {
  const clock = new ManualClock();
  const box = new Mailbox<string>({ capacity: 1, clock });
  await box.send('a');
  const late = box.send('late', { timeoutMs: 5 });
  clock.advance(5);
  assert.equal(box.waitingSenders, 0);
  await assert.rejects(late, TimeoutError);
  assert.equal(await box.receive(), 'a');
  assert.equal(box.size, 0);
});
