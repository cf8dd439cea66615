// A caller's timeoutMs ends only its own wait; an already-aborted caller starts nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { SingleFlight } from '../../../src/sync/SingleFlight.js';

test('per-caller timeout and already-aborted signal', async () => {
  const clock = new ManualClock();
  const flights = new SingleFlight<string, number>({ clock });
  let runs = 0;
  await assert.rejects(
    flights.run('k', () => ++runs, { signal: AbortSignal.abort() }),
    { code: 'ERR_ABORTED' },
  );
  assert.equal(runs, 0, 'an already-aborted caller starts nothing');
  const slow = flights.run(
    'k',
    () => new Promise<number>((r) => clock.setTimer(10, () => r(++runs))),
    { timeoutMs: 5 },
  );
  const patient = flights.run('k', () => 0);
  clock.advance(5);
  await assert.rejects(slow, { code: 'ERR_TIMEOUT' });
  clock.advance(5);
  assert.deepEqual(await patient, { value: 1, shared: true });
});
