/** Registers every contract case for one backend. */
import { describe } from 'node:test';
import { badInput } from './cases/bad-input.js';
import { breaker } from './cases/breaker.js';
import { capacity } from './cases/capacity.js';
import { compareAndDelete } from './cases/compare-and-delete.js';
import { compareAndSet } from './cases/compare-and-set.js';
import { copies } from './cases/copies.js';
import { entries } from './cases/entries.js';
import { eviction } from './cases/eviction.js';
import { getSet } from './cases/get-set.js';
import { insertNew } from './cases/insert-new.js';
import { isolation } from './cases/isolation.js';
import { keys } from './cases/keys.js';
import { rateLimit } from './cases/rate-limit.js';
import { selectDelete } from './cases/select-delete.js';
import { setMany } from './cases/set-many.js';
import { sizeClear } from './cases/size-clear.js';
import { takeDelete } from './cases/take-delete.js';
import { ttl } from './cases/ttl.js';
import { update } from './cases/update.js';
import { updateCounter } from './cases/update-counter.js';
import { updateFields } from './cases/update-fields.js';
import type { Backend } from './harness.js';

const groups = {
  'get / set / has': getSet,
  'values are copied in and out': copies,
  'keys are plain data': keys,
  setMany,
  'insertNew / insertNewMany': insertNew,
  'take / delete': takeDelete,
  compareAndSet,
  compareAndDelete,
  update,
  updateCounter,
  updateFields,
  selectDelete,
  entries,
  'size / clear': sizeClear,
  ttl,
  maxEntries: capacity,
  "evict: 'lru'": eviction,
  'bad input leaves state untouched': badInput,
  'tables are isolated by name': isolation,
  rateLimit,
  breaker,
};

export function runContract(backend: Backend): void {
  describe(`store contract: ${backend.name}`, () => {
    for (const [name, group] of Object.entries(groups)) describe(name, () => group(backend));
  });
}
