// S01 at the catalogue's scale: 100 async actors × 1,000 increments, an await between steps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { s01Naive, s01Raceless } from '../../src/lab/scenarios/S01-lost-update.js';

const scale = { actors: 100, increments: 1_000 };

test('updateCounter: 100 actors × 1,000 increments is exactly 100,000', async () => {
  const r = await s01Raceless(scale);
  assert.equal(r.expected, 100_000);
  assert.equal(r.observed, 100_000);
});

test('the naive get/await/set pattern loses updates at the same scale (the test can see the bug)', async () => {
  const r = await s01Naive(scale);
  assert.equal(r.expected, 100_000);
  assert.ok(r.observed < r.expected, `naive observed ${r.observed}`);
});
