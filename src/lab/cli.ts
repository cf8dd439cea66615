/**
 * The `raceless` command. `raceless lab` runs the race lab on the embedded default (async).
 * This first version runs S01; the full catalogue and domains arrive with the lab issue.
 * `raceless explore` runs the interleaving explorer (src/lab/explore/).
 */
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '../errors.js';
import { EXPLORE_USAGE, exploreCommand, UsageError } from './explore/cli.js';
import { S01_DEFAULT, s01Naive, s01Raceless } from './scenarios/S01-lost-update.js';

const HELP = `raceless — race-free shared state, and the lab that proves it

Usage:
  raceless lab [--json] [--actors N] [--increments N]
      Reproduce the incident catalogue: the naive pattern next to raceless.
      (This version runs S01, lost update, in the async domain.)
      Exit code: 0 when raceless is exact in every row, 1 when it is not, 2 for bad usage.
${EXPLORE_USAGE}
  raceless --help`;

const EXPLORE_ONLY = [
  'naive',
  'raceless',
  'variant',
  'mode',
  'preemptions',
  'runs',
  'seed',
  'replay',
] as const;

interface Row {
  scenario: string;
  domain: string;
  expected: number;
  naive: number;
  raceless: number;
  exact: boolean;
}

function intArg(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`--${name} must be a positive integer, got ${value}`);
  return n;
}

function table(rows: Row[]): string {
  const cells = [
    ['scenario', 'domain', 'expected', 'naive', 'raceless'],
    ...rows.map((r) => {
      const lost = r.expected === 0 ? 0 : ((r.expected - r.naive) / r.expected) * 100;
      return [
        r.scenario,
        r.domain,
        String(r.expected),
        `${r.naive}  (${lost.toFixed(1)}% lost)`,
        `${r.raceless}  ${r.exact ? 'exact' : 'NOT EXACT'}`,
      ];
    }),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    console.log(HELP);
    return positionals.length === 0 && !values.help ? 2 : 0;
  }
  if (positionals[0] === 'explore') {
    try {
      return await exploreCommand(positionals, values);
    } catch (e) {
      if (e instanceof UsageError) {
        console.error(`${e.message}\n\n${HELP}`);
        return 2;
      }
      if (e instanceof InvalidArgumentError) {
        console.error(e.message);
        return 2;
      }
      throw e;
    }
  }
  const misplaced = EXPLORE_ONLY.filter((o) => values[o] !== undefined);
  if (misplaced.length > 0 && positionals[0] === 'lab') {
    console.error(`--${misplaced[0]} applies to raceless explore\n\n${HELP}`);
    return 2;
  }
  if (positionals[0] !== 'lab' || positionals.length > 1) {
    console.error(`unknown command: ${positionals.join(' ')}\n\n${HELP}`);
    return 2;
  }
  let scale: { actors: number; increments: number };
  try {
    scale = {
      actors: intArg('actors', values.actors, S01_DEFAULT.actors),
      increments: intArg('increments', values.increments, S01_DEFAULT.increments),
    };
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const naive = await s01Naive(scale);
  const raceless = await s01Raceless(scale);
  const rows: Row[] = [
    {
      scenario: 'S01',
      domain: 'async',
      expected: raceless.expected,
      naive: naive.observed,
      raceless: raceless.observed,
      exact: raceless.observed === raceless.expected,
    },
  ];
  if (values.json) console.log(JSON.stringify({ rows }, null, 2));
  else {
    console.log(`S01 lost update: ${scale.actors} actors × ${scale.increments} increments\n`);
    console.log(table(rows));
  }
  return rows.every((r) => r.exact) ? 0 : 1;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      actors: { type: 'string' },
      increments: { type: 'string' },
      naive: { type: 'boolean' },
      raceless: { type: 'boolean' },
      variant: { type: 'string' },
      mode: { type: 'string' },
      preemptions: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      replay: { type: 'string' },
    },
  });
}
