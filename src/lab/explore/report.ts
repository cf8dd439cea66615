/**
 * Text reports in the style of jcstress: an outcome table, then a first witness as a per-actor
 * timeline with its replay token.
 */
import type { ExploreReport, Schedule } from './explore.js';

function grid(rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * A schedule as a timeline: one column per actor, one row per step, each cell the step's label
 * (without the actor) and what its operations reported.
 *
 * Guarantee: pure formatting; rows are in execution order.
 * @example
 * console.log(formatSchedule(report.witness!));
 * // step  A                B
 * //    1  get counter → 0
 * //    2                   get counter → 0
 */
export function formatSchedule(schedule: Schedule): string {
  const header = ['step', ...schedule.actors];
  const rows = schedule.steps.map((s, i) => {
    const op = s.label.slice(s.label.indexOf(':') + 1);
    const cell = s.notes.length > 0 ? `${op}  ${s.notes.join('; ')}` : op;
    return [String(i + 1), ...schedule.actors.map((a) => (a === s.actor ? cell : ''))];
  });
  return grid([header, ...rows], ['r', ...schedule.actors.map(() => 'l' as const)]).join('\n');
}

/**
 * The whole report as text: scenario, coverage sentence, outcome table (outcome, count,
 * frequency, ACCEPTABLE/FORBIDDEN) and, when a forbidden outcome was reached, the first witness
 * (fewest preemptions) as a timeline with its replay token.
 *
 * Guarantee: pure formatting of `report`.
 * @example
 * console.log(formatReport(await explore(scenario)));
 */
export function formatReport(report: ExploreReport): string {
  const lines = [
    `${report.scenario} — ${report.actors.length} actors (${report.actors.join(', ')})`,
  ];
  lines.push(`  ${report.coverage}`, '');
  const table = grid(
    [
      ['outcome', 'count', 'frequency', 'verdict'],
      ...report.outcomes.map((r) => [
        r.outcome,
        r.count.toLocaleString('en-US'),
        `${(r.frequency * 100).toFixed(2)}%`,
        r.verdict,
      ]),
    ],
    ['l', 'r', 'r', 'l'],
  );
  lines.push(...table.map((l) => `  ${l}`));
  const w = report.witness;
  if (w === null) {
    lines.push(
      '',
      `  no forbidden outcome in ${report.schedules.toLocaleString('en-US')} schedules`,
    );
  } else {
    const p = w.preemptions === 1 ? '1 preemption' : `${w.preemptions} preemptions`;
    lines.push(
      '',
      `  first witness of FORBIDDEN ${JSON.stringify(w.outcome)} (${p}, ${w.steps.length} steps):`,
      ...formatSchedule(w)
        .split('\n')
        .map((l) => `    ${l}`),
      `  replay token: ${w.token}`,
    );
  }
  return lines.join('\n');
}
