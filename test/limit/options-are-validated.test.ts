// Every option and argument is validated at the door with a typed error naming it; nothing is
// written when a call throws.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, OutOfRangeError } from '../../src/errors.js';
import { RateLimiter, type RateLimiterOptions } from '../../src/limit/RateLimiter.js';
import { setup } from './helpers.js';

function refuses(
  fn: () => unknown,
  type: typeof InvalidArgumentError | typeof OutOfRangeError,
  argument: string,
) {
  assert.throws(fn, (e: InvalidArgumentError) => e instanceof type && e.argument === argument);
}

test('constructor options', () => {
  const ok = { limit: 5, windowMs: 1_000 };
  const make = (o: unknown) => () => new RateLimiter('x', o as RateLimiterOptions);
  refuses(() => new RateLimiter('', ok), InvalidArgumentError, 'name');
  refuses(make(undefined), InvalidArgumentError, 'options');
  refuses(make({ windowMs: 1 }), InvalidArgumentError, 'options.limit');
  refuses(make({ ...ok, limit: 0 }), OutOfRangeError, 'options.limit');
  refuses(make({ ...ok, limit: 1.5 }), OutOfRangeError, 'options.limit');
  refuses(make({ ...ok, limit: Number.NaN }), OutOfRangeError, 'options.limit');
  refuses(make({ ...ok, windowMs: -1 }), OutOfRangeError, 'options.windowMs');
  refuses(make({ ...ok, windowMs: '1s' }), InvalidArgumentError, 'options.windowMs');
  refuses(make({ ...ok, algorithm: 'leaky' }), InvalidArgumentError, 'options.algorithm');
  refuses(make({ ...ok, refill: 2 }), InvalidArgumentError, 'options.refill');
  refuses(make({ ...ok, algorithm: 'token-bucket', refill: 6 }), OutOfRangeError, 'options.refill');
  refuses(make({ ...ok, burst: 2 }), InvalidArgumentError, 'options.burst');
  refuses(make({ ...ok, blockAfter: 3 }), InvalidArgumentError, 'options.blockMs');
  refuses(make({ ...ok, blockMs: 3 }), InvalidArgumentError, 'options.blockAfter');
  refuses(make({ ...ok, violationWindowMs: 0 }), OutOfRangeError, 'options.violationWindowMs');
  refuses(make({ ...ok, window: 5 }), InvalidArgumentError, 'options');
  refuses(make({ ...ok, consumeOnReject: 'yes' }), InvalidArgumentError, 'options.consumeOnReject');
  refuses(make({ limit: 2 ** 30, windowMs: 2 ** 30 }), OutOfRangeError, 'options.windowMs');
});

test('call arguments; a refused call writes nothing', async () => {
  const { store } = setup();
  const l = new RateLimiter('x', { store, limit: 5, windowMs: 1_000 });
  const rejects = (
    p: Promise<unknown>,
    type: typeof OutOfRangeError | typeof InvalidArgumentError,
    argument: string,
  ) => assert.rejects(p, (e: InvalidArgumentError) => e instanceof type && e.argument === argument);
  await rejects(l.consume('k', { cost: 6 }), OutOfRangeError, 'cost');
  await rejects(l.consume('k', { cost: -1 }), OutOfRangeError, 'cost');
  await rejects(l.consume('k', { cost: 0.5 }), OutOfRangeError, 'cost');
  await rejects(l.consume('k', { cost: '1' as never }), InvalidArgumentError, 'cost');
  await rejects(l.consume(Number.NaN), OutOfRangeError, 'key');
  await rejects(l.consume({} as never), InvalidArgumentError, 'key');
  await rejects(l.refund('k', { cost: 99 }), OutOfRangeError, 'cost');
  await rejects(l.block('k', 0), OutOfRangeError, 'ms');
  await rejects(RateLimiter.consumeAll([]), InvalidArgumentError, 'checks');
  await rejects(
    RateLimiter.consumeAll([
      { limiter: l, key: 'a' },
      { limiter: l, key: 'b', cost: 9 },
    ]),
    OutOfRangeError,
    'checks[1].cost',
  );
  const other = new RateLimiter('y', { limit: 5, windowMs: 1_000 });
  await rejects(
    RateLimiter.consumeAll([
      { limiter: l, key: 'a' },
      { limiter: other, key: 'a' },
    ]),
    InvalidArgumentError,
    'checks[1].limiter',
  );
  assert.equal(await store.size('raceless:limit:x'), 0);
  // cost 0 is a valid probe that consumes nothing; cost = limit is allowed.
  assert.equal((await l.consume('k', { cost: 0 })).allowed, true);
  assert.equal((await l.consume('k', { cost: 5 })).allowed, true);
});
