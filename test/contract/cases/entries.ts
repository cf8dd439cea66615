import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from '../../../src/keys.js';
import { type Backend, fresh } from '../harness.js';

export function entries(b: Backend): void {
  test('walks every entry once, whatever the batch size', async () => {
    for (const batchSize of [1, 3, 256]) {
      const { t } = await fresh<number>(b);
      await t.setMany(Array.from({ length: 10 }, (_, i) => [i, i * 10] as [number, number]));
      const seen: Array<[Key, number]> = [];
      for await (const e of t.entries({ batchSize })) seen.push(e);
      assert.equal(seen.length, 10, `batch ${batchSize}`);
      assert.deepEqual(
        seen.map(([k]) => k).sort((x, y) => (x as number) - (y as number)),
        Array.from({ length: 10 }, (_, i) => i),
      );
      for (const [k, v] of seen) assert.equal(v, (k as number) * 10);
    }
  });

  test('an empty table yields nothing; the table is itself async-iterable', async () => {
    const { t } = await fresh<number>(b);
    for await (const _ of t) assert.fail('yielded from an empty table');
    await t.set('a', 1);
    const got: unknown[] = [];
    for await (const e of t) got.push(e);
    assert.deepEqual(got, [['a', 1]]);
  });

  test('deletes and inserts during the walk never throw nor skip entries live throughout', async () => {
    const { t } = await fresh<number>(b);
    const N = 200;
    await t.setMany(Array.from({ length: N }, (_, i) => [i, i] as [number, number]));
    // Even keys stay live the whole walk; odd keys are deleted while walking; new keys arrive.
    const seen = new Map<number, number>();
    let step = 0;
    for await (const [k] of t.entries({ batchSize: 7 })) {
      seen.set(k as number, (seen.get(k as number) ?? 0) + 1);
      await t.delete(2 * (step % (N / 2)) + 1);
      // Bounded: on memory, entries added during a walk are visited too.
      if (step < 100) await t.set(`new-${step}`, step);
      step++;
      assert.ok(step < 10_000, 'walk does not end');
    }
    for (let i = 0; i < N; i += 2) assert.ok(seen.has(i), `live key ${i} skipped`);
    if (b.name === 'memory') {
      for (const [k, n] of seen) assert.equal(n, 1, `key ${k} visited ${n} times`);
    }
  });

  test('clear during a walk ends it without throwing', async () => {
    const { t } = await fresh<number>(b);
    await t.setMany(Array.from({ length: 50 }, (_, i) => [i, i] as [number, number]));
    let n = 0;
    for await (const _ of t.entries({ batchSize: 5 })) {
      if (++n === 5) await t.clear();
    }
    assert.ok(n >= 5 && n <= 50);
    assert.equal(await t.size(), 0);
  });
}
