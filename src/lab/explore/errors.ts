/**
 * Typed errors of the interleaving explorer. Each names what is at fault: the scenario (it awaits
 * something the explorer does not control, or it is not deterministic) or the replay token (it no
 * longer matches the scenario). All extend {@link InvalidArgumentError}, so `e.code` is
 * `ERR_INVALID_ARGUMENT` and `e.argument` names the argument.
 */
import { InvalidArgumentError } from '../../errors.js';

/**
 * A resumed actor neither reached a scheduling point nor finished once the microtask queue had
 * drained and an event-loop turn had passed: it awaits something the explorer does not control
 * (a timer, real I/O, an unwrapped store or lock). The exploration stops instead of silently
 * exploring fewer schedules than it claims.
 * @example
 * try { await explore(scenario) } catch (e) { if (e instanceof UncontrolledAwaitError) console.error(e.actor, e.label) }
 */
export class UncontrolledAwaitError extends InvalidArgumentError {
  constructor(
    /** The actor that escaped the scheduler. */
    readonly actor: string,
    /** The label of the step it was running (`A:start` before its first point). */
    readonly label: string,
    scenario: string,
  ) {
    super(
      `scenario.actors.${actor}`,
      `scenario ${scenario}: actor ${actor} neither reached a scheduling point nor finished after ` +
        `step ${label} (the microtask queue drained and an event-loop turn passed): it awaits ` +
        'something the explorer does not control — a timer, real I/O, an unwrapped store or lock. ' +
        'Wrap the store in ExploringStore, use ExploreMutex/ExploreSemaphore/ExploreKeyedMutex/' +
        'ExploreDeferred, or mark the await with yieldPoint().',
    );
    this.name = 'UncontrolledAwaitError';
  }
}

/**
 * An actor broke the one-at-a-time protocol: it reached a scheduling point while another actor
 * was scheduled, or while it already waited at another point (an explored operation that was
 * not awaited), or it finished with an explored operation still pending.
 * @example
 * // actor code: `table.set('k', 1); await table.get('k');` (the set is not awaited) → ScheduleProtocolError
 */
export class ScheduleProtocolError extends InvalidArgumentError {
  constructor(
    readonly actor: string,
    message: string,
  ) {
    super(`scenario.actors.${actor}`, message);
    this.name = 'ScheduleProtocolError';
  }
}

/**
 * Replaying the same choices produced different scheduling points: the scenario depends on
 * something besides the schedule (time, randomness, state kept across runs outside `setup`).
 * @example
 * try { await explore(scenario) } catch (e) { if (e instanceof NondeterministicScenarioError) fixSetup() }
 */
export class NondeterministicScenarioError extends InvalidArgumentError {
  constructor(scenario: string, detail: string) {
    super(
      'scenario',
      `scenario ${scenario} is not deterministic: ${detail}. Each schedule replays from scratch, ` +
        'so setup() must build all shared state and actors must not read time or randomness.',
    );
    this.name = 'NondeterministicScenarioError';
  }
}

/**
 * A replay token does not match the scenario any more (or never did): at `step` (1-based) it
 * expects the label `expected`, and the scenario offers `actual` instead. Usually the code
 * changed since the token was recorded.
 * @example
 * try { await replay(scenario, token) } catch (e) { if (e instanceof ReplayMismatchError) console.error(e.step, e.expected, e.actual) }
 */
export class ReplayMismatchError extends InvalidArgumentError {
  constructor(
    readonly step: number,
    readonly expected: string,
    readonly actual: string,
    scenario: string,
  ) {
    super(
      'token',
      `the replay token does not match scenario ${scenario} at step ${step}: it expects ` +
        `${expected}, but ${actual}. The scenario (or the code under it) changed since the token ` +
        'was recorded; explore again to get a fresh witness.',
    );
    this.name = 'ReplayMismatchError';
  }
}
