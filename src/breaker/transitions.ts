/**
 * The circuit breaker's state machine as a pure function over its stored value: what
 * `Store.breaker` does inside its atomic step. A backend reads the entry, calls
 * {@link breakerStep} with its clock's `now`, and writes `value` with `ttlMs` (when `write`).
 *
 * The state is derived from data when asked, never pushed by timers: an open breaker whose open
 * period has ended IS half-open, and a half-open breaker whose trial lease passed its deadline IS
 * open again (the trial counted as a timeout failure, at its deadline). `peek` derives without
 * writing; the first writing call persists the derived transitions and is the only one to report
 * them, so each transition is reported exactly once.
 *
 * Generations: every transition increments `generation`. A call carries the generation it was
 * admitted in; an outcome from any other generation (or for a trial lease that already ended)
 * counts in the counters as stale and never moves the state.
 */
import type { Data } from '../data.js';
import type {
  BreakerCommand,
  BreakerReply,
  BreakerRule,
  BreakerState,
  BreakerTransition,
} from '../store/contract.js';

/**
 * The ratio window slides in this many buckets: a bucket counts while its start is less than
 * `ratioWindowMs` ago, so no call older than the window ever counts.
 */
export const WINDOW_BUCKETS = 10; // e.g. ratioWindowMs 60_000 → 6 s buckets

interface Lease {
  token: string;
  deadline: number;
}

interface St {
  s: BreakerState;
  g: number;
  /** open: end of the open period. */
  until: number;
  /** Opens since the breaker last closed (backoff exponent). */
  att: number;
  cf: number;
  /** half-open: trials admitted, trials succeeded, live leases. */
  adm: number;
  ok: number;
  leases: Lease[];
  /** Ratio window buckets: [start, calls, failures]. */
  win: [number, number, number][];
  /** Counters: successes, failures, timeouts, rejections, stale outcomes. */
  c: [number, number, number, number, number];
}

const STATES: readonly BreakerState[] = ['closed', 'open', 'half-open', 'isolated'];

function num(v: Data | undefined, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

/** Whether `raw` is a stored breaker (anything else reads as a new, closed one). */
function isStored(raw: Data | undefined): boolean {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    !Array.isArray(raw) &&
    STATES.includes((raw as Record<string, Data>).s as BreakerState)
  );
}

function load(raw: Data | undefined, now: number): St {
  const o =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? (raw as Record<string, Data>)
      : undefined;
  if (o === undefined || !STATES.includes(o.s as BreakerState)) {
    // A new breaker starts at generation `now`: generations stay unique across an expired entry.
    return {
      s: 'closed',
      g: now,
      until: 0,
      att: 0,
      cf: 0,
      adm: 0,
      ok: 0,
      leases: [],
      win: [],
      c: [0, 0, 0, 0, 0],
    };
  }
  const rawLeases = arr(o.leases);
  const leases: Lease[] = new Array(rawLeases.length);
  for (let i = 0; i < rawLeases.length; i++) {
    const p = arr(rawLeases[i]);
    leases[i] = { token: String(p[0]), deadline: num(p[1], 0) };
  }
  const rawWin = arr(o.win);
  const win: [number, number, number][] = new Array(rawWin.length);
  for (let i = 0; i < rawWin.length; i++) {
    const p = arr(rawWin[i]);
    win[i] = [num(p[0], 0), num(p[1], 0), num(p[2], 0)];
  }
  const c = arr(o.c);
  return {
    s: o.s as BreakerState,
    g: num(o.g, now),
    until: num(o.until, 0),
    att: num(o.att, 0),
    cf: num(o.cf, 0),
    adm: num(o.adm, 0),
    ok: num(o.ok, 0),
    leases,
    win,
    c: [num(c[0], 0), num(c[1], 0), num(c[2], 0), num(c[3], 0), num(c[4], 0)],
  };
}

const NONE: readonly Data[] = [];

function arr(v: Data | undefined): readonly Data[] {
  return Array.isArray(v) ? v : NONE;
}

function dump(st: St): Data {
  return {
    s: st.s,
    g: st.g,
    until: st.until,
    att: st.att,
    cf: st.cf,
    adm: st.adm,
    ok: st.ok,
    leases: st.leases.map((l) => [l.token, l.deadline]),
    win: st.win.map((b) => [b[0], b[1], b[2]]),
    c: [st.c[0], st.c[1], st.c[2], st.c[3], st.c[4]],
  };
}

/**
 * Length of the `attempt`-th open period (0-based): openMs × multiplier^attempt, capped at
 * maxOpenMs. Pure; throws nothing.
 * @example openPeriod({ ...rule, openMs: 1_000, backoffMultiplier: 2, maxOpenMs: 4_000 }, 3) // 4000
 */
export function openPeriod(rule: BreakerRule, attempt: number): number {
  let ms = rule.openMs;
  for (let i = 0; i < attempt && ms < rule.maxOpenMs; i++) ms *= rule.backoffMultiplier;
  return Math.min(rule.maxOpenMs, Math.ceil(ms));
}

function bucketMs(rule: BreakerRule): number {
  return Math.max(1, Math.ceil(rule.ratioWindowMs / WINDOW_BUCKETS));
}

function liveWindow(st: St, rule: BreakerRule, now: number): [number, number] {
  const from = now - rule.ratioWindowMs;
  let calls = 0;
  let fails = 0;
  for (const b of st.win) {
    if (b[0] > from) {
      calls += b[1];
      fails += b[2];
    }
  }
  return [calls, fails];
}

class Step {
  readonly transitions: BreakerTransition[] = [];
  write = false;
  constructor(
    readonly st: St,
    readonly rule: BreakerRule,
    readonly now: number,
  ) {}

  move(to: BreakerState, at: number): void {
    const st = this.st;
    const from = st.s;
    st.s = to;
    st.g += 1;
    st.leases = [];
    st.adm = 0;
    st.ok = 0;
    if (to === 'open') {
      st.until = at + openPeriod(this.rule, st.att);
      st.att += 1;
    }
    if (to === 'closed') {
      st.att = 0;
      st.cf = 0;
      st.win = [];
    }
    this.transitions.push({ from, to, generation: st.g, atMs: at });
    this.write = true;
  }

  /** Brings the stored state forward to `now`: open → half-open, expired trial → open. */
  derive(): void {
    const st = this.st;
    for (let guard = 0; guard < 64; guard++) {
      if (st.s === 'open' && this.now >= st.until) {
        this.move('half-open', st.until);
        continue;
      }
      if (st.s === 'half-open') {
        let first = Number.POSITIVE_INFINITY; // the failure happened at the earliest deadline
        let expired = 0;
        for (const l of st.leases) {
          // The owner holds the lease through its deadline ms (its own timer records the timeout
          // then); from the next ms anyone may end it.
          if (l.deadline < this.now) {
            expired++;
            if (l.deadline < first) first = l.deadline;
          }
        }
        if (expired > 0) {
          // A hung trial ends at its deadline and counts as a failure (a timeout).
          st.c[1] += expired;
          st.c[2] += expired;
          this.move('open', first);
          continue;
        }
      }
      break;
    }
    if (st.s === 'closed') {
      // Drop buckets that left the window (bounded: at most WINDOW_BUCKETS + 1 remain).
      const from = this.now - this.rule.ratioWindowMs;
      const kept = st.win.filter((b) => b[0] > from);
      if (kept.length !== st.win.length) st.win = kept;
    }
  }

  recordClosed(failed: boolean): void {
    const st = this.st;
    const rule = this.rule;
    const start = this.now - (this.now % bucketMs(rule));
    let bucket = st.win.find((b) => b[0] === start);
    if (bucket === undefined) {
      bucket = [start, 0, 0];
      st.win.push(bucket);
    }
    bucket[1] += 1;
    if (failed) bucket[2] += 1;
    st.cf = failed ? st.cf + 1 : 0;
    this.write = true;
    if (!failed) return;
    const [calls, fails] = liveWindow(st, rule, this.now);
    const byCount = rule.consecutiveFailures > 0 && st.cf >= rule.consecutiveFailures;
    const byRatio =
      rule.failureRatio > 0 && calls >= rule.minimumCalls && fails >= rule.failureRatio * calls;
    if (byCount || byRatio) this.move('open', this.now);
  }
}

/**
 * Applies `command` to the stored value `raw` at time `now`.
 * Returns the reply, the value to store and its TTL, and whether anything must be written.
 * `isolated` entries are written without expiry (a manual hold-open lasts until `close`).
 * @example
 * const { reply, value, ttlMs, write } = breakerStep(undefined, { op: 'admit', token: 't1' }, rule, 0);
 */
export function breakerStep(
  raw: Data | undefined,
  command: BreakerCommand,
  rule: BreakerRule,
  now: number,
): { reply: BreakerReply; value: Data; ttlMs: number | undefined; write: boolean } {
  const st = load(raw, now);
  // A breaker seen for the first time must be stored on its first admit: its generation is `now`,
  // and an outcome recorded a millisecond later must find that same generation, not a new one.
  const isNew = !isStored(raw);
  const step = new Step(st, rule, now);
  step.derive();
  let admitted = false;
  let trial = false;
  let trialDeadlineMs = 0;
  let stale = false;

  switch (command.op) {
    case 'admit':
      if (st.s === 'closed') {
        admitted = true;
        if (isNew) step.write = true;
      } else if (st.s === 'half-open' && st.adm < rule.halfOpenTrials) {
        admitted = true;
        trial = true;
        trialDeadlineMs = now + rule.trialTimeoutMs;
        st.adm += 1;
        st.leases.push({ token: command.token, deadline: trialDeadlineMs });
        step.write = true;
      } else {
        st.c[3] += 1;
        step.write = true;
      }
      break;
    case 'record': {
      const failed = command.outcome !== 'success';
      const idx =
        command.token === undefined ? -1 : st.leases.findIndex((l) => l.token === command.token);
      const current =
        command.generation === st.g && (st.s === 'closed' || (st.s === 'half-open' && idx >= 0));
      step.write = true;
      // A stale timeout is a trial whose lease already ended, and was counted then.
      if (current || command.outcome !== 'timeout') st.c[failed ? 1 : 0] += 1;
      if (current && command.outcome === 'timeout') st.c[2] += 1;
      if (!current) {
        stale = true;
        st.c[4] += 1;
      } else if (st.s === 'closed') {
        step.recordClosed(failed);
      } else {
        st.leases.splice(idx, 1);
        if (failed) {
          step.move('open', now);
        } else {
          st.ok += 1;
          if (st.ok >= rule.halfOpenTrials) step.move('closed', now);
        }
      }
      break;
    }
    case 'isolate':
      if (st.s !== 'isolated') step.move('isolated', now);
      break;
    case 'close':
      if (st.s !== 'closed') step.move('closed', now);
      else if (st.cf !== 0 || st.win.length > 0) {
        st.cf = 0;
        st.win = [];
        step.write = true;
      }
      break;
    case 'peek':
      break;
  }

  let retryAfterMs = 0;
  if (!admitted) {
    if (st.s === 'open') retryAfterMs = st.until - now;
    else if (st.s === 'half-open') {
      for (const l of st.leases) retryAfterMs = Math.max(retryAfterMs, l.deadline + 1 - now);
    }
  }
  const [windowCalls, windowFailures] = liveWindow(st, rule, now);
  const write = command.op !== 'peek' && step.write;
  let ttlMs: number | undefined;
  if (st.s !== 'isolated') {
    let end = now + rule.idleTtlMs;
    if (st.s === 'open') end = Math.max(end, st.until + rule.idleTtlMs);
    for (const l of st.leases) end = Math.max(end, l.deadline + rule.idleTtlMs);
    ttlMs = end - now;
  }
  return {
    reply: {
      state: st.s,
      generation: st.g,
      admitted,
      trial,
      trialDeadlineMs,
      retryAfterMs,
      stale,
      transitions: command.op === 'peek' ? [] : step.transitions,
      consecutiveFailures: st.cf,
      windowCalls,
      windowFailures,
      counters: {
        successes: st.c[0],
        failures: st.c[1],
        timeouts: st.c[2],
        rejections: st.c[3],
        staleOutcomes: st.c[4],
      },
      nowMs: now,
    },
    value: dump(st),
    ttlMs,
    write,
  };
}

/**
 * `now - (now % size)`, the start of the bucket holding `now`, computed without a float
 * remainder (which costs more than the rest of a fast record) wherever that is exact: a
 * non-negative safe integer `now` and an integer `size` >= 1 (the guard checks the result).
 */
function bucketStart(now: number, size: number): number {
  const start = Math.floor(now / size) * size;
  return now >= 0 && now <= Number.MAX_SAFE_INTEGER && start <= now && now - start < size
    ? start
    : now - (now % size);
}

/** A stored breaker exactly as {@link breakerStep} writes it (the shape `dump` produces). */
interface Stored {
  s: BreakerState;
  g: number;
  cf: number;
  leases: unknown[];
  win: [number, number, number][];
  c: [number, number, number, number, number];
}

/**
 * The closed-state admission of {@link breakerStep} on a live stored value: the generation when
 * breakerStep would admit at it and write nothing (a stored, closed breaker with a finite
 * generation), else undefined (call breakerStep). Pure; throws nothing.
 * @example closedAdmission(value) // 1712000000000, or undefined when not closed
 */
export function closedAdmission(raw: Data | undefined): number | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const st = raw as unknown as Stored;
  const g = st.g;
  return st.s === 'closed' && typeof g === 'number' && Number.isFinite(g) ? g : undefined;
}

/**
 * A closed-state outcome of {@link breakerStep} applied in place, for a live value that
 * breakerStep wrote: when `raw` is closed at `generation`, its window needs no pruning at `now`
 * and the outcome opens nothing, it updates `raw` exactly as breakerStep's `value` would be
 * (counters, consecutive failures, the current window bucket) and returns true: the caller
 * stores it with TTL `rule.idleTtlMs`. Otherwise it changes nothing and returns false (call
 * breakerStep: a stale outcome, a transition, a window to prune). Throws nothing.
 * @example if (!recordClosedInPlace(value, generation, false, rule, now)) breakerStep(...)
 */
export function recordClosedInPlace(
  raw: Data,
  generation: number,
  failed: boolean,
  rule: BreakerRule,
  now: number,
): boolean {
  const st = raw as unknown as Stored;
  if (st.s !== 'closed' || st.g !== generation || st.leases.length !== 0) return false;
  const from = now - rule.ratioWindowMs;
  const start = bucketStart(now, bucketMs(rule));
  const win = st.win;
  let bucket: [number, number, number] | undefined;
  let calls = 1;
  let fails = failed ? 1 : 0;
  for (let i = 0; i < win.length; i++) {
    const b = win[i]!;
    if (b[0] <= from) return false; // breakerStep drops it first
    if (bucket === undefined && b[0] === start) bucket = b;
    calls += b[1];
    fails += b[2];
  }
  if (failed) {
    const cf = st.cf + 1;
    if (rule.consecutiveFailures > 0 && cf >= rule.consecutiveFailures) return false;
    if (rule.failureRatio > 0 && calls >= rule.minimumCalls && fails >= rule.failureRatio * calls) {
      return false;
    }
    st.cf = cf;
    st.c[1] += 1;
  } else {
    st.cf = 0;
    st.c[0] += 1;
  }
  if (bucket === undefined) win.push([start, 1, failed ? 1 : 0]);
  else {
    bucket[1] += 1;
    if (failed) bucket[2] += 1;
  }
  return true;
}
