import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock, systemClock } from '../../src/clock.js';
import { OutOfRangeError } from '../../src/errors.js';

test('timers fire inside advance, in due order, each seeing its own due time', () => {
  const clock = new ManualClock(100);
  const fired: Array<[string, number]> = [];
  clock.setTimer(30, () => fired.push(['c', clock.now()]));
  clock.setTimer(10, () => fired.push(['a', clock.now()]));
  clock.setTimer(10, () => fired.push(['b', clock.now()]));
  const cancel = clock.setTimer(20, () => fired.push(['x', clock.now()]));
  cancel();
  cancel();
  clock.advance(25);
  assert.deepEqual(fired, [
    ['a', 110],
    ['b', 110],
  ]);
  assert.equal(clock.now(), 125);
  clock.advance(5);
  assert.deepEqual(fired.at(-1), ['c', 130]);
  assert.equal(clock.pendingTimers, 0);
});

test('a timer set from inside a timer fires in the same advance when due', () => {
  const clock = new ManualClock();
  const fired: number[] = [];
  clock.setTimer(5, () => clock.setTimer(5, () => fired.push(clock.now())));
  clock.advance(10);
  assert.deepEqual(fired, [10]);
});

test('time never goes backwards', () => {
  const clock = new ManualClock(10);
  assert.throws(() => clock.set(9), OutOfRangeError);
  assert.throws(() => clock.advance(-1), OutOfRangeError);
  assert.throws(() => clock.advance(Number.NaN), OutOfRangeError);
  assert.throws(() => new ManualClock(-1), OutOfRangeError);
  let last = systemClock.now();
  for (let i = 0; i < 10_000; i++) {
    const now = systemClock.now();
    assert.ok(now >= last && Number.isInteger(now));
    last = now;
  }
});
