// Options and arguments are validated at the door with typed errors naming them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BreakerRegistry } from '../../src/breaker/BreakerRegistry.js';
import { CircuitBreaker, type CircuitBreakerOptions } from '../../src/breaker/CircuitBreaker.js';
import { InvalidArgumentError, OutOfRangeError } from '../../src/errors.js';

function refuses(
  o: unknown,
  type: typeof InvalidArgumentError | typeof OutOfRangeError,
  argument: string,
) {
  assert.throws(
    () => new CircuitBreaker('b', o as CircuitBreakerOptions),
    (e: InvalidArgumentError) => e instanceof type && e.argument === argument,
  );
}

test('constructor options', () => {
  refuses({ consecutiveFailures: -1 }, OutOfRangeError, 'options.consecutiveFailures');
  refuses({ consecutiveFailures: 0 }, InvalidArgumentError, 'options.consecutiveFailures');
  refuses({ failureRatio: 0 }, OutOfRangeError, 'options.failureRatio');
  refuses({ failureRatio: 1.5 }, OutOfRangeError, 'options.failureRatio');
  refuses({ halfOpenTrials: 0 }, OutOfRangeError, 'options.halfOpenTrials');
  refuses({ trialTimeoutMs: Number.POSITIVE_INFINITY }, OutOfRangeError, 'options.trialTimeoutMs');
  refuses({ openMs: 2_000, maxOpenMs: 1_000 }, OutOfRangeError, 'options.maxOpenMs');
  refuses({ backoffMultiplier: 0.5 }, OutOfRangeError, 'options.backoffMultiplier');
  refuses({ halfOpenMode: 'queue' }, InvalidArgumentError, 'options.halfOpenMode');
  refuses({ isFailure: true }, InvalidArgumentError, 'options.isFailure');
  refuses({ ratioWindowMs: 120_000, idleTtlMs: 60_000 }, OutOfRangeError, 'options.idleTtlMs');
  refuses({ timeout: 5 }, InvalidArgumentError, 'options');
  assert.throws(() => new CircuitBreaker(''), { argument: 'name' });
  assert.throws(() => new BreakerRegistry({ maxBreakers: 0 }), { argument: 'options.maxBreakers' });
  assert.throws(() => new BreakerRegistry({ defaults: { halfOpenTrials: -1 } }), {
    argument: 'options.halfOpenTrials',
  });
});

test('execute arguments', async () => {
  const b = new CircuitBreaker('b');
  await assert.rejects(b.execute(5 as never), { argument: 'fn' });
  await assert.rejects(
    b.execute(async () => 1, { signal: {} as never }),
    { argument: 'options.signal' },
  );
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(
    b.execute(async () => 1, { signal: ac.signal }),
    { code: 'ERR_ABORTED' },
  );
});

test('isFailure decides what counts: filtered errors count as successes', async () => {
  const b = new CircuitBreaker('b', {
    consecutiveFailures: 1,
    isFailure: (e) => !(e instanceof TypeError),
  });
  await assert.rejects(
    b.execute(async () => Promise.reject(new TypeError('bad input'))),
    TypeError,
  );
  assert.equal(await b.state(), 'closed');
  await assert.rejects(b.execute(async () => Promise.reject(new Error('down'))));
  assert.equal(await b.state(), 'open');
});
