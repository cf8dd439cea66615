// On a plain MemoryStore, consume / peek / refund / block take the store's synchronous one-item
// step; on any other store they build a request for `Store.rateLimit`. Both paths refuse bad
// input with the same typed error (class, argument, message), checked in the same order, as a
// rejected promise (never a synchronous throw), and write nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClosedError } from '../../src/errors.js';
import type { Key } from '../../src/keys.js';
import { RateLimiter } from '../../src/limit/RateLimiter.js';
import { MemoryStore, memorySync } from '../../src/store/memory.js';
import { setup } from './helpers.js';

/** A MemoryStore by subclass: the same store, without the synchronous steps. */
class StorePath extends MemoryStore {}

const sparse: unknown[] = [];
sparse[1] = 'x';
let deep: unknown = 'k';
for (let i = 0; i < 40; i++) deep = [deep];
const BAD_KEYS: unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  {},
  null,
  undefined,
  () => 1,
  Symbol('k'),
  [1, [Number.NaN]],
  sparse,
  deep,
];
const BAD_OPTIONS: unknown[] = [
  'x',
  null,
  [],
  { cost: '1' },
  { cost: -1 },
  { cost: 1.5 },
  { cost: Number.NaN },
  { cost: 6 },
  { cost: 2 ** 53 },
  { foo: 1 },
  { cost: 1, consumeOnReject: 'yes' },
];
const BAD_MS: unknown[] = [0, -1, 1.5, '5', Number.NaN, undefined];

interface Outcome {
  error?: { name: string; argument?: string; message: string };
  value?: unknown;
}

async function outcome(call: () => Promise<unknown>): Promise<Outcome> {
  let p: Promise<unknown>;
  try {
    p = call();
  } catch (e) {
    assert.fail(`threw synchronously: ${String(e)}`);
  }
  try {
    return { value: await p };
  } catch (e) {
    const err = e as Error & { argument?: string };
    return { error: { name: err.constructor.name, argument: err.argument, message: err.message } };
  }
}

function pair() {
  const fast = setup();
  const slow = { clock: fast.clock, store: new StorePath({ clock: fast.clock }) };
  assert.ok(memorySync(fast.store) !== undefined && memorySync(slow.store) === undefined);
  const options = { limit: 5, windowMs: 1_000, blockAfter: 2, blockMs: 500 };
  return {
    fast: { ...fast, limiter: new RateLimiter('x', { store: fast.store, ...options }) },
    slow: { ...slow, limiter: new RateLimiter('x', { store: slow.store, ...options }) },
  };
}

type Call = (l: RateLimiter) => Promise<unknown>;

function calls(): [string, Call][] {
  const out: [string, Call][] = [];
  const any = (v: unknown) => v as never;
  for (const key of BAD_KEYS) {
    const k = String(typeof key === 'symbol' ? 'symbol' : JSON.stringify(key));
    out.push([`consume(${k})`, (l) => l.consume(any(key))]);
    out.push([`consume(${k}, { cost: 2 })`, (l) => l.consume(any(key), { cost: 2 })]);
    out.push([`consume(${k}, { cost: 9 })`, (l) => l.consume(any(key), { cost: 9 })]);
    out.push([`peek(${k})`, (l) => l.peek(any(key))]);
    out.push([`peek(${k}, { cost: 9 })`, (l) => l.peek(any(key), { cost: 9 })]);
    out.push([`refund(${k})`, (l) => l.refund(any(key))]);
    out.push([`refund(${k}, { cost: 9 })`, (l) => l.refund(any(key), { cost: 9 })]);
    out.push([`block(${k}, 10)`, (l) => l.block(any(key), 10)]);
  }
  for (const o of BAD_OPTIONS) {
    const s = JSON.stringify(o);
    out.push([`consume('k', ${s})`, (l) => l.consume('k', any(o))]);
    out.push([`consume(NaN, ${s})`, (l) => l.consume(Number.NaN, any(o))]);
    out.push([`peek('k', ${s})`, (l) => l.peek('k', any(o))]);
    out.push([`refund('k', ${s})`, (l) => l.refund('k', any(o))]);
  }
  out.push([
    `peek('k', { consumeOnReject: true })`,
    (l) => l.peek('k', any({ consumeOnReject: true })),
  ]);
  for (const ms of BAD_MS) {
    out.push([`block('k', ${String(ms)})`, (l) => l.block('k', any(ms))]);
    out.push([`block(NaN, ${String(ms)})`, (l) => l.block(Number.NaN, any(ms))]);
  }
  return out;
}

test('bad input: the same typed error on both paths, nothing written', async () => {
  const { fast, slow } = pair();
  for (const [name, call] of calls()) {
    const a = await outcome(() => call(fast.limiter));
    const b = await outcome(() => call(slow.limiter));
    assert.ok(a.error !== undefined, `${name} was refused`);
    assert.ok(
      a.error.name === 'InvalidArgumentError' || a.error.name === 'OutOfRangeError',
      `${name}: ${a.error.name}`,
    );
    assert.deepEqual(a, b, name);
  }
  assert.deepEqual(fast.store.stats('raceless:limit:x'), { entries: 0, expiryIndex: 0 });
  assert.deepEqual(slow.store.stats('raceless:limit:x'), { entries: 0, expiryIndex: 0 });
});

test('good input next to the bad: both paths answer alike', async () => {
  const { fast, slow } = pair();
  const good: [string, Call][] = [
    ['consume', (l) => l.consume('k')],
    ['consume cost 0', (l) => l.consume('k', { cost: 0 })],
    ['consume cost 5', (l) => l.consume(['t', 1], { cost: 5 })],
    [
      'consume undefined fields',
      (l) => l.consume('k', { cost: undefined, consumeOnReject: undefined }),
    ],
    [
      'consume rejected, consumeOnReject',
      (l) => l.consume(['t', 1], { cost: 5, consumeOnReject: true }),
    ],
    ['peek', (l) => l.peek('k', { cost: 5 })],
    ['refund', (l) => l.refund('k', {})],
    ['block', (l) => l.block(['t', 1], 50)],
    ['consume blocked', (l) => l.consume(['t', 1])],
  ];
  for (const [name, call] of good) {
    assert.deepEqual(
      await outcome(() => call(fast.limiter)),
      await outcome(() => call(slow.limiter)),
      name,
    );
    fast.clock.advance(7);
  }
});

test('after close(): ClosedError first on both paths, even for bad input', async () => {
  const { fast, slow } = pair();
  fast.limiter.close();
  slow.limiter.close();
  const closed: [string, Call][] = [
    ['consume', (l) => l.consume('k')],
    ['consume bad key', (l) => l.consume(Number.NaN as Key)],
    ['consume bad options', (l) => l.consume('k', 'x' as never)],
    ['peek bad cost', (l) => l.peek('k', { cost: -1 })],
    ['refund', (l) => l.refund('k')],
    ['block bad ms', (l) => l.block('k', 0)],
  ];
  for (const [name, call] of closed) {
    const a = await outcome(() => call(fast.limiter));
    assert.equal(a.error?.name, ClosedError.name, name);
    assert.deepEqual(a, await outcome(() => call(slow.limiter)), name);
  }
});
