/**
 * `raceless/lab` — the race lab's public tools: the linearizability checker (record concurrent
 * histories, check them against sequential models with a memoised Wing–Gong–Lowe search
 * partitioned per key, and shrink failures to a minimal witness) and the interleaving explorer
 * (run async actors one at a time between scheduling points; enumerate schedules exhaustively
 * within a preemption bound or sample them; jcstress-style reports and stable replay tokens),
 * and the race lab itself: the incident catalogue S01–S21 as scenarios (naive vs raceless), the
 * domain runners (async, threads, processes over Redis) and the runner that reports them.
 */
export {
  type CheckOptions,
  type CheckResult,
  checkLinearizable,
  type Linearizable,
  type NotLinearizable,
  type Undecided,
} from './checker/check.js';
export {
  type Actor,
  HistoryRecorder,
  type HistoryRecorderOptions,
  isThrown,
  type Operation,
  type PendingOperation,
  type Thrown,
  thrown,
} from './checker/history.js';
export {
  type CellSpec,
  type KeyedInput,
  type KeyedModel,
  type KeyedState,
  keyedModel,
} from './checker/keyed.js';
export { type Model, type StepResult, unpartitioned } from './checker/model.js';
export {
  type CounterInput,
  type CounterModelOptions,
  counterModel,
} from './checker/models/counter.js';
export {
  type FixedWindowInput,
  type FixedWindowModelOptions,
  type FixedWindowOutput,
  type FixedWindowState,
  fixedWindowModel,
} from './checker/models/fixed-window.js';
export {
  type InsertIfAbsentInput,
  type InsertIfAbsentOutput,
  insertIfAbsentModel,
} from './checker/models/insert-if-absent.js';
export {
  type LeaseGrant,
  type LeaseInput,
  type LeaseOutput,
  type LeaseState,
  leaseModel,
} from './checker/models/lease.js';
export {
  type RegisterInput,
  type RegisterModelOptions,
  type RegisterOutput,
  registerModel,
} from './checker/models/register.js';
export { formatTimeline } from './checker/report.js';
export {
  asyncDomain,
  DEFAULT_UNITS,
  type DomainRunner,
  type ProcessesDomainOptions,
  processesDomain,
  redisAnswers,
  type StoreSession,
  type ThreadsDomainOptions,
  threadsDomain,
} from './domains/index.js';
export {
  NondeterministicScenarioError,
  ReplayMismatchError,
  ScheduleProtocolError,
  UncontrolledAwaitError,
} from './explore/errors.js';
export {
  type ExploreReport,
  explore,
  type OutcomeRow,
  parseToken,
  replay,
  type Schedule,
  type ScheduleStep,
} from './explore/explore.js';
export { formatReport, formatSchedule } from './explore/report.js';
export { yieldPoint } from './explore/runtime.js';
export type {
  ActorContext,
  ExploreActor,
  ExploreOptions,
  ExploreScenario,
} from './explore/scenario.js';
export {
  type CheckThenActConfig,
  type CheckThenActState,
  checkThenActScenario,
  type ExploreCatalogueEntry,
  exploreCatalogue,
  type S01ExploreConfig,
  type S01State,
  s01Scenario,
} from './explore/scenarios.js';
export { ExploringStore } from './explore/store.js';
export {
  ExploreDeferred,
  ExploreKeyedMutex,
  ExploreMutex,
  type ExploreNameOptions,
  type ExploreReleaser,
  ExploreSemaphore,
} from './explore/sync.js';
export { formatLabMarkdown, formatLabSummary, formatLabTable } from './report.js';
export {
  type LabOptions,
  type LabProgress,
  type LabReport,
  runLab,
  runStoreVariant,
} from './runner.js';
export { catalogue } from './scenarios/index.js';
export type {
  DomainName,
  LabActorContext,
  LabRow,
  LabRunContext,
  LabScenario,
  LocalScenario,
  Observation,
  StoreCapacity,
  StoreScenario,
  Variant,
  Verdict,
} from './types.js';
