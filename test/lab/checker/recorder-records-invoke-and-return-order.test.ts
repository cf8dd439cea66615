// HistoryRecorder: intervals that contain the real calls, thrown errors as outputs (and
// rethrown), explicit clocks and hand-added operations for merging histories.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, NotFoundError, OutOfRangeError } from '../../../src/errors.js';
import { HistoryRecorder, isThrown } from '../../../src/lab/index.js';

const io = () => new Promise<void>((resolve) => setImmediate(resolve));

test('overlapping calls get overlapping intervals; sequential calls do not', async () => {
  const rec = new HistoryRecorder<string, number>();
  await Promise.all([
    rec.record('a', 'x', async () => {
      await io();
      return 1;
    }),
    rec.record('b', 'y', async () => {
      await io();
      return 2;
    }),
  ]);
  await rec.record('a', 'z', () => 3);
  const [first, second, third] = rec.history();
  assert.ok(first && second && third);
  assert.ok(first.invokedAt < second.returnedAt && second.invokedAt < first.returnedAt);
  assert.ok(Math.max(first.returnedAt, second.returnedAt) < third.invokedAt);
  assert.deepEqual(
    rec.history().map((o) => [o.actor, o.input, o.output]),
    [
      ['a', 'x', 1],
      ['b', 'y', 2],
      ['a', 'z', 3],
    ],
  );
  // Logical clock: every event has its own tick.
  const ticks = rec.history().flatMap((o) => [o.invokedAt, o.returnedAt]);
  assert.equal(new Set(ticks).size, 6);
});

test('a throw is recorded as a Thrown output and rethrown unchanged', async () => {
  const rec = new HistoryRecorder();
  const error = new NotFoundError('k');
  await assert.rejects(
    rec.record('a', 'get', () => {
      throw error;
    }),
    (e) => e === error,
  );
  const [o] = rec.history();
  assert.ok(o && isThrown(o.output));
  assert.equal(o.output.name, 'NotFoundError');
  assert.equal(o.output.code, 'ERR_NOT_FOUND');
  assert.equal(o.output.error, error);
  assert.equal(rec.pending, 0);
});

test('record maps results with options.output; invoke/complete records composite calls', async () => {
  const rec = new HistoryRecorder<string, string>();
  await rec.record('a', 'n', () => 41, { output: (n) => `v${n + 1}` });
  const call = rec.invoke('b', 'composite');
  assert.equal(rec.pending, 1);
  await io();
  const done = call.complete('ok');
  assert.equal(rec.pending, 0);
  assert.deepEqual(
    rec.history().map((o) => o.output),
    ['v42', 'ok'],
  );
  assert.equal(done, rec.history()[1]);
  assert.throws(() => call.complete('again'), InvalidArgumentError);
});

test('an explicit clock timestamps events; equal readings are allowed, going back is refused', async () => {
  let now = 10;
  const rec = new HistoryRecorder({ clock: () => now });
  await rec.record('a', 'x', () => 1);
  now = 12.5;
  const call = rec.invoke('b', 'y');
  now = 12;
  assert.throws(
    () => call.complete(1),
    (e) => e instanceof OutOfRangeError && e.argument === 'clock',
  );
  assert.deepEqual(
    rec.history().map((o) => [o.invokedAt, o.returnedAt]),
    [[10, 10]],
  );
});

test('add merges operations recorded elsewhere, validated', () => {
  const rec = new HistoryRecorder<string, number>();
  rec.add({ actor: 'worker-1', input: 'x', output: 1, invokedAt: 1.5, returnedAt: 3 });
  rec.add({ actor: 2, input: 'y', output: 2, invokedAt: 2, returnedAt: 2 });
  assert.equal(rec.size, 2);
  assert.throws(
    () => rec.add({ actor: 'w', input: 'x', output: 1, invokedAt: 3, returnedAt: 2 }),
    (e) => e instanceof OutOfRangeError && e.argument === 'op.returnedAt',
  );
  assert.throws(
    () => rec.add({ actor: {} as never, input: 'x', output: 1, invokedAt: 1, returnedAt: 2 }),
    (e) => e instanceof InvalidArgumentError && e.argument === 'op.actor',
  );
  assert.throws(
    () => rec.add({ actor: 'w', input: 'x', output: 1, invokedAt: Number.NaN, returnedAt: 2 }),
    (e) => e instanceof OutOfRangeError && e.argument === 'op.invokedAt',
  );
});

test('bad arguments are refused with the argument named', async () => {
  assert.throws(
    () => new HistoryRecorder({ clock: 5 as never }),
    (e) => e instanceof InvalidArgumentError && e.argument === 'options.clock',
  );
  assert.throws(
    () => new HistoryRecorder({ tick: 1 } as never),
    (e) => e instanceof InvalidArgumentError && e.argument === 'options',
  );
  const rec = new HistoryRecorder();
  await assert.rejects(
    rec.record(null as never, 'x', () => 1),
    (e) => e instanceof InvalidArgumentError && e.argument === 'actor',
  );
  await assert.rejects(
    rec.record('a', 'x', 'nope' as never),
    (e) => e instanceof InvalidArgumentError && e.argument === 'fn',
  );
  assert.equal(rec.size, 0);
  assert.equal(rec.pending, 0);
});
