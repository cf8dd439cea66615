import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotACounterError, NotFoundError, OutOfRangeError } from '../../../src/errors.js';
import { type Backend, fresh } from '../harness.js';

type Row = { hits: number; errs: number; name?: string } | number | string;

export function updateCounter(b: Backend): void {
  test('bare increment of a number value returns the new value', async () => {
    const { t } = await fresh<Row>(b);
    await t.set('c', 10);
    assert.equal(await t.updateCounter('c', 5), 15);
    assert.equal(await t.updateCounter('c', -20), -5);
    assert.equal(await t.get('c'), -5);
  });

  test('a missing key without default is NotFoundError (ETS badarg); nothing created', async () => {
    const { t } = await fresh<Row>(b);
    await assert.rejects(
      t.updateCounter('c', 1),
      (e: NotFoundError) => e instanceof NotFoundError && e.code === 'ERR_NOT_FOUND',
    );
    assert.equal(await t.has('c'), false);
  });

  test('a missing key is created from the default, then updated', async () => {
    const { t } = await fresh<Row>(b);
    assert.equal(await t.updateCounter('c', 1, { default: 0 }), 1);
    assert.equal(await t.updateCounter('c', 1, { default: 100 }), 2); // default ignored once present
    assert.deepEqual(
      await t.updateCounter('o', { field: 'hits', incr: 3 }, { default: { hits: 0, errs: 0 } }),
      3,
    );
    assert.deepEqual(await t.get('o'), { hits: 3, errs: 0 });
  });

  test('threshold: incr >= 0 and result > threshold sets setValue (wrap-around)', async () => {
    const { t } = await fresh<Row>(b);
    await t.set('c', 9);
    assert.equal(await t.updateCounter('c', { incr: 1, threshold: 10, setValue: 0 }), 10); // not > 10
    assert.equal(await t.updateCounter('c', { incr: 1, threshold: 10, setValue: 0 }), 0); // 11 > 10 → 0
  });

  test('threshold: incr < 0 and result < threshold sets setValue', async () => {
    const { t } = await fresh<Row>(b);
    await t.set('c', 1);
    assert.equal(await t.updateCounter('c', { incr: -1, threshold: 0, setValue: 0 }), 0);
    assert.equal(await t.updateCounter('c', { incr: -1, threshold: 0, setValue: 5 }), 5);
  });

  test('setValue === threshold clamps a counter at its bound', async () => {
    const { t } = await fresh<Row>(b);
    await t.set('c', 0);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.updateCounter('c', { incr: 1, threshold: 5, setValue: 5 }),
      ),
    );
    assert.equal(await t.get('c'), 5);
    assert.deepEqual(
      results.sort((x, y) => x - y),
      [1, 2, 3, 4, ...Array(16).fill(5)],
    );
  });

  test('a list of ops applies in order, each seeing the one before, and returns each result', async () => {
    const { t } = await fresh<Row>(b);
    await t.set('o', { hits: 1, errs: 0 });
    const r = await t.updateCounter('o', [
      { field: 'hits', incr: 1 },
      { field: 'hits', incr: 10, threshold: 5, setValue: 0 },
      { field: 'errs', incr: 2 },
      { field: 'hits', incr: 1 },
    ]);
    assert.deepEqual(r, [2, 0, 2, 1]);
    assert.deepEqual(await t.get('o'), { hits: 1, errs: 2 });
  });

  test('an empty op list returns [] but still needs the key (or a default)', async () => {
    const { t } = await fresh<Row>(b);
    await assert.rejects(t.updateCounter('c', []), NotFoundError);
    assert.deepEqual(await t.updateCounter('c', [], { default: 3 }), []);
    assert.equal(await t.get('c'), 3);
  });

  test('all or nothing: a failing op leaves the earlier ones unapplied', async () => {
    const { t } = await fresh<Row>(b);
    await t.set('o', { hits: 1, errs: 0, name: 'x' });
    await assert.rejects(
      t.updateCounter('o', [
        { field: 'hits', incr: 1 },
        { field: 'name', incr: 1 },
      ]),
      (e: NotACounterError) => e instanceof NotACounterError && e.argument === 'field',
    );
    assert.deepEqual(await t.get('o'), { hits: 1, errs: 0, name: 'x' });
  });

  test('non-integer targets are NotACounterError: a string, a float, a missing field, a non-object', async () => {
    const { t } = await fresh<Row | { f: number }>(b);
    await t.set('s', 'text');
    await t.set('f', { f: 1.5 });
    await t.set('o', { hits: 0, errs: 0 });
    await t.set('n', 3);
    await assert.rejects(t.updateCounter('s', 1), NotACounterError);
    await assert.rejects(t.updateCounter('f', { field: 'f', incr: 1 }), NotACounterError);
    await assert.rejects(t.updateCounter('o', { field: 'nope', incr: 1 }), NotACounterError);
    await assert.rejects(t.updateCounter('n', { field: 'hits', incr: 1 }), NotACounterError);
    await assert.rejects(t.updateCounter('o', 1), NotACounterError);
    assert.equal(await t.get('s'), 'text');
    assert.deepEqual(await t.get('o'), { hits: 0, errs: 0 });
  });

  test('a result beyond 2^53 is OutOfRangeError and nothing is written', async () => {
    const { t } = await fresh<Row>(b);
    await t.set('c', Number.MAX_SAFE_INTEGER - 1);
    assert.equal(await t.updateCounter('c', 1), Number.MAX_SAFE_INTEGER);
    await assert.rejects(
      t.updateCounter('c', 1),
      (e: OutOfRangeError) => e instanceof OutOfRangeError && e.argument === 'incr',
    );
    assert.equal(await t.get('c'), Number.MAX_SAFE_INTEGER);
    // ... unless a threshold brings it back into range.
    assert.equal(await t.updateCounter('c', { incr: 1, threshold: 10, setValue: 0 }), 0);
  });

  test('100 concurrent increments are exact', async () => {
    const { t } = await fresh<Row>(b);
    await Promise.all(Array.from({ length: 100 }, () => t.updateCounter('c', 1, { default: 0 })));
    assert.equal(await t.get('c'), 100);
  });
}
