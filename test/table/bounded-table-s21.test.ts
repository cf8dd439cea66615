// S21: unbounded tables leak memory. maxEntries is enforced atomically under concurrency.
// Scale: 1,000 concurrent inserters, each with an await between its check and its write,
// into a table bounded at 100.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CapacityExceededError } from '../../src/errors.js';
import { Table } from '../../src/table/Table.js';

const io = () => new Promise<void>((resolve) => setImmediate(resolve));

test('maxEntries 100: of 1,000 concurrent inserts exactly 100 land, 900 get CapacityExceededError', async () => {
  const t = new Table<number>('bounded', { maxEntries: 100 });
  const results = await Promise.allSettled(
    Array.from({ length: 1_000 }, async (_, i) => {
      await io();
      await t.set(i, i);
    }),
  );
  const rejected = results.filter((r) => r.status === 'rejected');
  assert.equal(rejected.length, 900);
  assert.ok(rejected.every((r) => r.reason instanceof CapacityExceededError));
  assert.equal(await t.size(), 100);
});

test('the naive check-size-then-insert overshoots the bound (the test can see the bug)', async () => {
  const t = new Table<number>('naive-bounded');
  await Promise.all(
    Array.from({ length: 1_000 }, async (_, i) => {
      if ((await t.size()) < 100) {
        await io();
        await t.set(i, i);
      }
    }),
  );
  assert.ok((await t.size()) > 100);
});
