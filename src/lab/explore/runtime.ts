/**
 * The explorer's runtime: one schedule being executed (`Run`), its actors, and the scheduling
 * points through which actors hand control back.
 *
 * Protocol: exactly one actor runs at a time. The scheduler resumes the chosen actor and waits
 * for the next event-loop turn (the first of `setImmediate` and `setTimeout(0)`, both registered
 * before the actor resumes, so they run before any macrotask the actor creates). By then the
 * microtask queue has drained and the actor must have parked at a point, started a controlled
 * wait, or finished; otherwise it awaits something the explorer does not control, and the run
 * fails with {@link UncontrolledAwaitError}.
 *
 * Which actor calls a point is read from an `AsyncLocalStorage` context entered when the actor
 * starts, so explored objects need no reference to the scheduler and cost nothing outside explore
 * mode (no context: the operation runs straight through).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { InvalidArgumentError } from '../../errors.js';
import { ScheduleProtocolError, UncontrolledAwaitError } from './errors.js';

/** Where an actor is. */
type Status =
  /** Executing code between points (the scheduled actor). */
  | 'running'
  /** At a point, ready to run when chosen. */
  | 'parked'
  /** In a controlled wait (lock, deferred) that has not settled yet during its step. */
  | 'waiting'
  /** In a controlled wait that outlived its step: not runnable until the wait settles. */
  | 'blocked'
  /** Inside an explored store operation that has not settled yet. */
  | 'io'
  /** The scheduler took over an unsettled store operation and will resume the actor. */
  | 'io-held'
  /** The operation settled; the actor waits for the scheduler to resume it. */
  | 'io-ready'
  | 'done'
  | 'failed';

const LABEL = /^[A-Za-z0-9_\-()[\]#/=+@~]{1,80}$/;
const ACTOR = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/**
 * Checks an operation label (the part after `Actor:`): 1–80 characters among letters, digits
 * and `_ - ( ) [ ] # / = + @ ~` (no `.`, `:` or spaces, which replay tokens use).
 */
export function checkLabel(argument: string, label: unknown): string {
  if (typeof label !== 'string' || !LABEL.test(label)) {
    throw new InvalidArgumentError(
      argument,
      `must be 1–80 characters among letters, digits and _-()[]#/=+@~, got ${JSON.stringify(label)}`,
    );
  }
  return label;
}

/** Checks an actor name: a letter, then up to 31 letters, digits, `_` or `-`. */
export function checkActorName(argument: string, name: string): string {
  if (!ACTOR.test(name)) {
    throw new InvalidArgumentError(
      argument,
      `actor names must be a letter then letters, digits, _ or - (at most 32), got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/** One actor of one run. */
export class ActorRun {
  status: Status = 'running';
  /** Parked/blocked: the label it will run next. Running: the label of the current step. */
  label: string;
  gate: (() => void) | undefined;
  /** The settled-or-not store operation while `io`. */
  io: Promise<unknown> | undefined;
  error: unknown;

  constructor(
    readonly name: string,
    readonly index: number,
  ) {
    this.label = `${name}:start`;
  }
}

/** One executed step: the actor, the label it ran, and what its operations reported. */
export interface StepRecord {
  readonly actor: string;
  readonly label: string;
  readonly notes: string[];
}

interface Current {
  readonly run: Run;
  readonly actor: ActorRun;
}

const context = new AsyncLocalStorage<Current>();

/** The actor executing the calling code, when it runs inside an exploration. */
export function currentActor(): Current | undefined {
  return context.getStore();
}

const RESOLVED: Promise<void> = Promise.resolve();
const noop = () => {};

/** The next event-loop turn: the first of setImmediate and setTimeout(0). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      clearImmediate(immediate);
      resolve();
    };
    const timer = setTimeout(done, 0);
    const immediate = setImmediate(done);
  });
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(p: PromiseLike<T>): Promise<Settled<T>> {
  return Promise.resolve(p).then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function unwrap<T>(s: Settled<T>): T {
  if (s.ok) return s.value;
  throw s.error;
}

/** One schedule being executed, from setup to outcome. */
export class Run {
  readonly actors: ActorRun[] = [];
  readonly steps: StepRecord[] = [];
  running: ActorRun | undefined;
  fatal: Error | undefined;

  constructor(readonly scenario: string) {}

  /** Starts `fn` as `actor` and runs it to its first point (not a scheduling choice). */
  async start(actor: ActorRun, fn: () => unknown): Promise<void> {
    this.running = actor;
    await this.#drive(actor, () => {
      void context.run({ run: this, actor }, async () => {
        try {
          await fn();
          this.#finish(actor, 'done');
        } catch (error) {
          actor.error = error;
          this.#finish(actor, 'failed');
        }
      });
    });
  }

  /** Resumes a parked actor for one step: until its next point, a blocked wait, or its end. */
  async step(actor: ActorRun): Promise<void> {
    const resume = actor.gate;
    if (actor.status !== 'parked' || resume === undefined) {
      throw new Error(`internal: ${actor.name} is not parked`);
    }
    this.steps.push({ actor: actor.name, label: actor.label, notes: [] });
    actor.gate = undefined;
    actor.status = 'running';
    this.running = actor;
    await this.#drive(actor, resume);
  }

  async #drive(actor: ActorRun, resume: () => void): Promise<void> {
    let go = resume;
    for (;;) {
      const turn = nextTurn(); // registered before the actor runs: it fires first
      go();
      await turn;
      if (this.fatal) throw this.fatal;
      if (actor.status !== 'io') break;
      // An explored store operation still in flight (a real backend): the step lasts until it
      // settles; nobody else runs meanwhile, so the operation stays one atomic step.
      actor.status = 'io-held';
      await actor.io?.then(noop, noop);
      if (this.fatal) throw this.fatal;
      const gate = actor.gate as (() => void) | undefined;
      if ((actor.status as Status) !== 'io-ready' || gate === undefined) {
        throw new Error(`internal: ${actor.name} did not hand back its store operation`);
      }
      actor.gate = undefined;
      actor.status = 'running';
      go = gate;
    }
    if (actor.status === 'running') {
      this.fatal = new UncontrolledAwaitError(actor.name, actor.label, this.scenario);
      throw this.fatal;
    }
    if (actor.status === 'waiting') actor.status = 'blocked';
    this.running = undefined;
  }

  #finish(actor: ActorRun, status: 'done' | 'failed'): void {
    if (actor.status !== 'running' && this.fatal === undefined) {
      this.fatal = new ScheduleProtocolError(
        actor.name,
        `scenario ${this.scenario}: actor ${actor.name} finished while its explored operation ` +
          `${actor.label} was still pending: await every store call, lock operation, settle and yieldPoint.`,
      );
    }
    actor.status = status;
  }

  #checkRunning(actor: ActorRun, what: string): boolean {
    if (this.fatal) return false;
    if (this.running === actor && actor.status === 'running') return true;
    const why =
      this.running !== actor
        ? `while ${this.running ? this.running.name : 'no actor'} was scheduled — ${actor.name} resumed through an await the explorer does not control`
        : `while it already waited at ${actor.label} — an explored operation was not awaited`;
    this.fatal = new ScheduleProtocolError(
      actor.name,
      `scenario ${this.scenario}: actor ${actor.name} reached ${what} ${why}.`,
    );
    return false;
  }

  /** Parks `actor` at the point `op`; resolves when the scheduler chooses it. */
  point(actor: ActorRun, op: string): Promise<void> {
    const label = `${actor.name}:${op}`;
    if (!this.#checkRunning(actor, `the scheduling point ${label}`)) return new Promise(noop);
    actor.label = label;
    actor.status = 'parked';
    return new Promise<void>((resolve) => {
      actor.gate = resolve;
    });
  }

  /**
   * A controlled wait (lock grant, deferred settle). Settled within the step: the actor goes on.
   * Otherwise the actor is blocked until `p` settles, then parked at `op` until chosen.
   */
  async wait<T>(actor: ActorRun, p: PromiseLike<T>, op: string): Promise<T> {
    const label = `${actor.name}:${op}`;
    if (!this.#checkRunning(actor, `the wait ${label}`)) return new Promise<T>(noop);
    actor.status = 'waiting';
    const result = await settle(p);
    if (actor.status === 'waiting') {
      actor.status = 'running';
      return unwrap(result);
    }
    // Blocked past its step: it becomes runnable now, at `label`.
    actor.label = label;
    actor.status = 'parked';
    await new Promise<void>((resolve) => {
      actor.gate = resolve;
    });
    return unwrap(result);
  }

  /** A store operation in flight: part of the current step, however long it takes. */
  async io<T>(actor: ActorRun, p: Promise<T>): Promise<T> {
    if (!this.#checkRunning(actor, `a store call of ${actor.label}`)) return new Promise<T>(noop);
    const settled = settle(p);
    actor.status = 'io';
    actor.io = settled;
    const result = await settled;
    actor.io = undefined;
    if (actor.status === 'io') {
      actor.status = 'running';
      return unwrap(result);
    }
    // The scheduler waited for it (status io-held): it resumes us on a fresh turn.
    await new Promise<void>((resolve) => {
      actor.gate = resolve;
      actor.status = 'io-ready';
    });
    return unwrap(result);
  }

  /** Attaches a note (e.g. `get counter → 0`) to the running step of `actor`. */
  note(actor: ActorRun, text: string): void {
    if (this.running === actor) this.steps.at(-1)?.notes.push(text);
  }
}

/**
 * A scheduling point for user code: in explore mode the calling actor parks here, labelled
 * `Actor:label`, and the explorer decides who runs next; outside explore mode it returns an
 * already-resolved promise and does nothing else.
 *
 * Guarantee: the label is validated in both modes, so code that passes outside explore mode
 * passes inside it.
 * @throws InvalidArgumentError (synchronously) for a label that is not 1–80 characters among
 * letters, digits and `_-()[]#/=+@~`.
 * @example
 * const v = cache.get(k);
 * await yieldPoint('after-read'); // another actor may run here
 * cache.set(k, v + 1);
 */
export function yieldPoint(label: string): Promise<void> {
  checkLabel('label', label);
  const c = context.getStore();
  if (c === undefined) return RESOLVED;
  return c.run.point(c.actor, label);
}

/** Runs the point `op` for the calling actor, if any (internal helper for explored objects). */
export function pointHere(op: string): Promise<void> {
  const c = context.getStore();
  if (c === undefined) return RESOLVED;
  return c.run.point(c.actor, op);
}
