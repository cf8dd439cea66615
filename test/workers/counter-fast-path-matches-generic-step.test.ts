// The lock-free increment of an inline integer (one plain `{ incr }`) gives exactly what the
// generic single-key step gives: same results, same errors (class, code, argument, message),
// same state afterwards — through the sync step and through the async method. The generic step
// is forced with an equivalent op whose threshold can never trigger (±Infinity by the sign of
// incr), which the fast path does not take. One thread, manual clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import type { Data } from '../../src/data.js';
import { encodeKey } from '../../src/keys.js';
import type { CounterOp, CreateOptions } from '../../src/store/contract.js';
import { syncSteps } from '../../src/store/sync.js';
import { WorkersStore } from '../../src/workers/index.js';

const MAX = Number.MAX_SAFE_INTEGER;

type Outcome = { value: unknown } | { error: Record<string, unknown> };

function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (e) {
    const err = e as Error & { code?: string; argument?: string };
    return {
      error: { name: err.name, code: err.code, argument: err.argument, message: err.message },
    };
  }
}

async function outcomeAsync(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (e) {
    const err = e as Error & { code?: string; argument?: string };
    return {
      error: { name: err.name, code: err.code, argument: err.argument, message: err.message },
    };
  }
}

const plain = (incr: number): CounterOp[] => [{ incr }];
const generic = (incr: number): CounterOp[] => [
  { incr, threshold: incr >= 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY, setValue: 0 },
];

/** One scenario: writes and counter steps on `table`, through `incr`; returns every outcome. */
async function scenario(
  store: WorkersStore,
  clock: ManualClock,
  table: string,
  incr: (key: string, n: number, create?: CreateOptions) => Promise<Outcome>,
): Promise<Outcome[]> {
  const steps = syncSteps(store)!;
  const k = (key: string) => encodeKey(key);
  const put = (key: string, value: Data, ttlMs?: number) =>
    steps.put(table, [{ key: k(key), value, ttlMs }], 'set', {});
  const get = (key: string): Outcome => ({ value: steps.get(table, k(key)) });
  const out: Outcome[] = [];
  out.push(await incr('n', 1)); // absent, no default
  out.push(await incr('n', 1, { default: 0 })); // created
  out.push(await incr('n', 5));
  out.push(await incr('n', 0));
  out.push(await incr('n', -7));
  put('n', MAX - 1);
  out.push(await incr('n', 1)); // MAX
  out.push(await incr('n', 1)); // beyond: OutOfRangeError
  out.push(get('n'));
  out.push(await incr('n', -MAX)); // 0
  out.push(await incr('n', -MAX)); // -MAX
  out.push(await incr('n', -1)); // beyond
  out.push(await incr('n', MAX));
  out.push(await incr('n', MAX)); // MAX
  out.push(get('n'));
  put('s', 'text');
  out.push(await incr('s', 1)); // NotACounterError
  put('f', 1.5);
  out.push(await incr('f', 1));
  put('o', { a: 1 });
  out.push(await incr('o', 1));
  put('t', 10, 100); // a value with a TTL lives in a block
  out.push(await incr('t', 1));
  clock.advance(100);
  out.push(await incr('t', 1)); // expired: NotFoundError
  out.push(await incr('t', 1, { default: 3 })); // created afresh (no TTL)
  out.push(await incr('t', 1));
  steps.delete(table, k('n'));
  out.push(await incr('n', 1)); // deleted: NotFoundError
  out.push(await incr('n', 2, { default: 40 }));
  out.push({ value: steps.take(table, k('n')) });
  out.push(await incr('n', 1));
  put('n', 'now a string');
  out.push(await incr('n', 1));
  put('n', 5);
  out.push(await incr('n', 1));
  steps.clear(table); // unbinds the table's slots
  out.push(await incr('n', 1));
  out.push(await incr('n', 1, { default: 0 }));
  out.push(await incr('x'.repeat(300), 1, { default: 0 })); // key too long
  out.push({ value: steps.scan(table, undefined, 100).entries });
  return out;
}

test('plain increments give the generic step’s results, errors and state (sync and async)', async () => {
  const clock = new ManualClock(1_000_000);
  const store = WorkersStore.create({ maxEntries: 64, clock });
  const steps = syncSteps(store)!;
  const runs: Outcome[][] = [];
  for (const [name, ops] of [
    ['fast', plain],
    ['slow', generic], // table names of one length: the key-length error names the byte count
  ] as const) {
    runs.push(
      await scenario(store, clock, `${name}-s`, async (key, n, create = {}) =>
        outcome(() => steps.updateCounter(`${name}-s`, encodeKey(key), ops(n), create, {})),
      ),
    );
    runs.push(
      await scenario(store, clock, `${name}-a`, (key, n, create = {}) =>
        outcomeAsync(() => store.updateCounter(`${name}-a`, encodeKey(key), ops(n), create, {})),
      ),
    );
  }
  const [reference, ...others] = runs;
  assert.ok(reference!.some((o) => 'error' in o && o.error.code === 'ERR_OUT_OF_RANGE'));
  for (const other of others) assert.deepEqual(other, reference);
  store.close();
});

test('a closed instance refuses a cached counter like any step: StoreUnavailableError', async () => {
  const store = WorkersStore.create({ maxEntries: 16 });
  const twin = WorkersStore.attach(store.handle);
  const twinSteps = syncSteps(twin)!;
  const key = encodeKey('n');
  twinSteps.updateCounter('t', key, plain(1), { default: 0 }, {});
  assert.deepEqual(twinSteps.updateCounter('t', key, plain(1), {}, {}), [2]); // cached now
  twin.close();
  for (const ops of [plain(1), generic(1)]) {
    const sync = outcome(() => twinSteps.updateCounter('t', key, ops, {}, {}));
    const async = await outcomeAsync(() => twin.updateCounter('t', key, ops, {}, {}));
    assert.deepEqual(sync, async);
    assert.equal('error' in sync && sync.error.code, 'ERR_STORE_UNAVAILABLE');
  }
  assert.deepEqual(syncSteps(store)!.get('t', key), 2);
  store.close();
});
