// A raceless version that is not exact fails the run: the row says NOT EXACT, `ok` is false,
// and `raceless lab` exits 1 — in the async domain and across worker threads alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLab } from '../../../src/lab/runner.js';
import { s21 } from '../../../src/lab/scenarios/S21-bounded-tables.js';
import { brokenScenario } from './broken-scenario.js';
import { capture } from './helpers.js';

test('runLab reports a broken raceless scenario NOT EXACT in async and threads', async () => {
  const report = await runLab({
    scenarios: [brokenScenario],
    domains: ['async', 'threads'],
    units: 2,
  });
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.rows.map((r) => [r.domain, r.verdict]),
    [
      ['async', 'NOT EXACT'],
      ['threads', 'NOT EXACT'],
    ],
  );
});

test('raceless lab exits 1 when raceless is not exact, 0 when it is', async () => {
  const broken = await capture(
    ['lab', '--domain', 'async', '--no-progress'],
    [brokenScenario, s21],
  );
  assert.equal(broken.code, 1);
  assert.match(broken.out, /NOT EXACT: X01 async/);
  const fine = await capture(
    ['lab', '--domain', 'async', '--no-progress', '--scale', '0.2'],
    [s21],
  );
  assert.equal(fine.code, 0);
});

test('an actor that throws is a NOT EXACT row, not a crash', async () => {
  const throwing = {
    ...brokenScenario,
    id: 'X02',
    async actor() {
      throw new Error('boom');
    },
  };
  const report = await runLab({ scenarios: [throwing], domains: ['async'] });
  assert.equal(report.rows[0]!.verdict, 'NOT EXACT');
  assert.match(report.rows[0]!.raceless.observed, /threw: boom/);
});
