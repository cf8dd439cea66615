/**
 * How the lab prints a report: a text table (cli-table3), Markdown, or JSON.
 */
import Table from 'cli-table3';
import type { LabReport } from './runner.js';
import type { LabRow, Observation } from './types.js';

/** The naive cell: what it saw, with the loss, or a note when it happened not to fail. */
export function naiveCell(row: LabRow): string {
  const n = row.naive;
  if (!row.naiveFailed) return `${n.observed}  (naive: no loss this run)`;
  return `${n.observed}${lossNote(n)}`;
}

function lossNote(o: Observation): string {
  if (o.lossPct === undefined || o.lossPct === 0) return '';
  return `  (${o.lossPct.toFixed(1)}% lost)`;
}

/** The raceless cell: what it saw. */
export function racelessCell(row: LabRow): string {
  return row.raceless.observed;
}

const HEAD = [
  'scenario',
  'domain',
  'expected',
  'naive (observed)',
  'raceless (observed)',
  'verdict',
];

function cells(row: LabRow): string[] {
  return [row.scenario, row.domain, row.expected, naiveCell(row), racelessCell(row), row.verdict];
}

/**
 * The report as a text table, one row per scenario × domain.
 * @example
 * console.log(formatLabTable(await runLab({ only: ['S01'], domains: ['async'] })));
 */
export function formatLabTable(report: LabReport): string {
  const table = new Table({
    head: HEAD,
    style: { head: [], border: [], compact: true },
    wordWrap: true,
    colWidths: [10, 11, 34, 44, 34, 11],
  });
  for (const row of report.rows) table.push(cells(row));
  return table.toString();
}

const md = (s: string) => s.replace(/\|/g, '\\|');

/**
 * The report as a Markdown table, with the same columns as {@link formatLabTable}.
 * @example
 * console.log(formatLabMarkdown(await runLab({ only: ['S01'], domains: ['async'] })));
 */
export function formatLabMarkdown(report: LabReport): string {
  const lines = [
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...report.rows.map((r) => `| ${cells(r).map(md).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/**
 * One line that sums a report up: rows, verdicts, naive failures, time.
 * @example
 * formatLabSummary(report); // '35 rows: raceless exact in 35/35; the naive pattern failed in 35/35 (41.2 s)'
 */
export function formatLabSummary(report: LabReport): string {
  const exact = report.rows.filter((r) => r.verdict === 'exact').length;
  const naive = report.rows.filter((r) => r.naiveFailed).length;
  return (
    `${report.rows.length} rows: raceless exact in ${exact}/${report.rows.length}; ` +
    `the naive pattern failed in ${naive}/${report.rows.length} (${(report.ms / 1000).toFixed(1)} s)`
  );
}
