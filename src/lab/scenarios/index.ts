/** The lab's catalogue: one scenario per incident, S01–S21 (docs: INCIDENTS.md). */
import type { LabScenario } from '../types.js';
import { s01 } from './S01-lost-update.js';
import { s02 } from './S02-violation-counter.js';
import { s03 } from './S03-check-then-increment.js';
import { s04 } from './S04-debugger-state.js';
import { s05 } from './S05-register-by-name.js';
import { s06 } from './S06-partial-records.js';
import { s07 } from './S07-setup-rollback.js';
import { s08 } from './S08-sweep-while-writing.js';
import { s09 } from './S09-one-signin-flow.js';
import { s10 } from './S10-one-outcome.js';
import { s11 } from './S11-duplicate-callbacks.js';
import { s12 } from './S12-close-once.js';
import { s13 } from './S13-session-updates.js';
import { s14 } from './S14-per-flow-state.js';
import { s15 } from './S15-metric-sums.js';
import { s16 } from './S16-supervised-tasks.js';
import { s17 } from './S17-limiter-isolation.js';
import { s18 } from './S18-ttl-and-special-keys.js';
import { s19 } from './S19-slow-holder.js';
import { s20 } from './S20-bounded-mailbox.js';
import { s21 } from './S21-bounded-tables.js';

/**
 * Every incident of the catalogue, S01–S21, in order. Store scenarios (S01–S06, S15, S17, S18)
 * run in every domain; the others in the async domain.
 * @example
 * catalogue.map((s) => s.id); // ['S01', 'S02', …, 'S21']
 */
export const catalogue: readonly LabScenario[] = [
  s01,
  s02,
  s03,
  s04,
  s05,
  s06,
  s07,
  s08,
  s09,
  s10,
  s11,
  s12,
  s13,
  s14,
  s15,
  s16,
  s17,
  s18,
  s19,
  s20,
  s21,
];
