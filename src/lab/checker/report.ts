/**
 * Text rendering of histories: one line per operation, grouped by actor, with a bar showing
 * when it ran relative to the others.
 */
import { InvalidArgumentError } from '../../errors.js';
import type { Operation } from './history.js';
import { checkModel, type Model } from './model.js';

/**
 * Renders operations as a per-actor timeline. Time is drawn by rank (only the order of
 * timestamps matters to linearizability), so bars that overlap ran concurrently and a bar wholly
 * left of another returned before the other was invoked. `labels` (optional) names each
 * operation, e.g. its index in the full history.
 * @throws InvalidArgumentError (`ops`, `model`, `labels`).
 * @example
 * console.log(formatTimeline(result.minimal, counterModel()));
 * // actor  timeline  operation
 * // a      [---]     t=1..3  increment("n", 1) → 1
 * // b       [---]    t=2..4  increment("n", 1) → 1
 */
export function formatTimeline(
  ops: readonly Operation[],
  model: Pick<Model<unknown, unknown, unknown>, 'describe'>,
  labels?: ReadonlyMap<Operation, string>,
): string {
  if (!Array.isArray(ops)) throw new InvalidArgumentError('ops', 'must be an array of operations');
  if (typeof model?.describe !== 'function') checkModel('model', model);
  if (labels !== undefined && !(labels instanceof Map)) {
    throw new InvalidArgumentError('labels', 'must be a Map from operation to label');
  }
  if (ops.length === 0) return '(no operations)';
  const times = [...new Set(ops.flatMap((op) => [op.invokedAt, op.returnedAt]))].sort(
    (a, b) => a - b,
  );
  const rank = new Map(times.map((t, i) => [t, i]));
  const width = times.length * 2;
  const byActor = new Map<string, Operation[]>();
  for (const op of ops) {
    const a = String(op.actor);
    let list = byActor.get(a);
    if (list === undefined) {
      list = [];
      byActor.set(a, list);
    }
    list.push(op);
  }
  const actorWidth = Math.max(5, ...[...byActor.keys()].map((a) => a.length));
  const rows: string[] = [`${'actor'.padEnd(actorWidth)}  ${'timeline'.padEnd(width)}  operation`];
  for (const [actor, list] of byActor) {
    list.sort((x, y) => x.invokedAt - y.invokedAt || x.returnedAt - y.returnedAt);
    for (const op of list) {
      const from = rank.get(op.invokedAt)! * 2;
      const to = rank.get(op.returnedAt)! * 2;
      const bar = from === to ? '|' : `[${'-'.repeat(to - from - 1)}]`;
      const label = labels?.get(op);
      rows.push(
        `${actor.padEnd(actorWidth)}  ${(' '.repeat(from) + bar).padEnd(width)}  ` +
          `${label === undefined ? '' : `${label}  `}t=${op.invokedAt}..${op.returnedAt}  ${model.describe(op)}`,
      );
    }
  }
  return rows.join('\n');
}
