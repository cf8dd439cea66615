/**
 * The `raceless` command (commander):
 * - `raceless lab`: the incident catalogue S01–S21, naive next to raceless, in every domain
 *   (async and threads embedded; processes with a Redis URL).
 * - `raceless explore`: the interleaving explorer (src/lab/explore/).
 * Exit codes: 0 when raceless is exact everywhere, 1 when it is not, 2 for bad usage.
 */
import { Command, CommanderError } from 'commander';
import { InvalidArgumentError } from '../errors.js';
import { redisAnswers } from './domains/index.js';
import { EXPLORE_USAGE, type ExploreCliValues, exploreCommand, UsageError } from './explore/cli.js';
import { formatLabMarkdown, formatLabSummary, formatLabTable } from './report.js';
import { type LabProgress, runLab } from './runner.js';
import { catalogue } from './scenarios/index.js';
import type { DomainName, LabScenario } from './types.js';

const DOMAINS: readonly DomainName[] = ['async', 'threads', 'processes'];

interface LabCliOptions {
  only?: string;
  domain?: string;
  redis?: string;
  scale?: string;
  units?: string;
  json?: boolean;
  markdown?: boolean;
  progress?: boolean;
}

function parseScale(v: string | undefined): number {
  if (v === undefined) return 1;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 100) {
    throw new UsageError(`--scale must be a number above 0 and at most 100, got ${v}`);
  }
  return n;
}

function parseUnits(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1 || n > 16) {
    throw new UsageError(`--units must be an integer from 1 to 16, got ${v}`);
  }
  return n;
}

function parseList(v: string | undefined): string[] | undefined {
  return v
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Progress on stderr: a bar on a TTY, plain lines otherwise. */
async function progressReporter(): Promise<{
  onProgress(e: LabProgress): void;
  stop(): void;
}> {
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      {
        format: 'raceless lab [{bar}] {value}/{total} {row}',
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress(e) {
        if (!started) {
          bar.start(e.total, 0, { row: '' });
          started = true;
        }
        if (e.phase === 'start') bar.update(e.completed, { row: `${e.scenario} ${e.domain}…` });
        else bar.update(e.completed, { row: `${e.scenario} ${e.domain} ${e.row?.verdict}` });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  return {
    onProgress(e) {
      if (e.phase === 'done' && e.row !== undefined) {
        process.stderr.write(
          `[${e.completed}/${e.total}] ${e.scenario} ${e.domain}: ${e.row.verdict}` +
            `${e.row.naiveFailed ? '' : ' (naive: no loss this run)'} (${(e.row.ms / 1000).toFixed(1)} s)\n`,
        );
      }
    },
    stop: () => {},
  };
}

async function labCommand(o: LabCliOptions, scenarios: readonly LabScenario[]): Promise<number> {
  if (o.json && o.markdown) throw new UsageError('--json and --markdown exclude each other');
  const scale = parseScale(o.scale);
  const units = parseUnits(o.units);
  const only = parseList(o.only);
  if (only !== undefined) {
    const known = scenarios.map((s) => s.id.toLowerCase());
    const unknown = only.filter((id) => !known.includes(id.toLowerCase()));
    if (unknown.length > 0) {
      throw new UsageError(`unknown scenario ${unknown.join(', ')}; known: S01–S21`);
    }
  }
  const asked = parseList(o.domain);
  if (asked?.some((d) => !DOMAINS.includes(d as DomainName))) {
    throw new UsageError(`--domain takes ${DOMAINS.join(', ')} (comma-separated), got ${o.domain}`);
  }
  const redisUrl = o.redis ?? (process.env.REDIS_URL || undefined);
  let domains: DomainName[] = (asked as DomainName[] | undefined) ?? ['async', 'threads'];
  const notes: string[] = [];
  const wantsProcesses = asked === undefined ? redisUrl !== undefined : asked.includes('processes');
  if (wantsProcesses) {
    if (redisUrl === undefined) {
      throw new UsageError(
        'the processes domain needs Redis: --redis redis://127.0.0.1:6379 or REDIS_URL',
      );
    }
    if (!(await redisAnswers(redisUrl, 2_000))) {
      if (asked !== undefined) throw new UsageError(`Redis at ${redisUrl} does not answer`);
      notes.push(`processes domain skipped: Redis at ${redisUrl} does not answer`);
    } else if (asked === undefined) domains = [...domains, 'processes'];
  } else if (asked === undefined) {
    notes.push(
      'processes domain skipped: no Redis given (--redis redis://127.0.0.1:6379 or REDIS_URL)',
    );
  }
  const progress = o.progress === false || o.json ? undefined : await progressReporter();
  let report: Awaited<ReturnType<typeof runLab>>;
  try {
    report = await runLab({
      scenarios,
      only,
      domains,
      redisUrl: domains.includes('processes') ? redisUrl : undefined,
      scale,
      units,
      onProgress: progress?.onProgress,
    });
  } finally {
    progress?.stop();
  }
  if (o.json) {
    console.log(
      JSON.stringify(
        {
          ...report,
          skipped: [...report.skipped, ...notes.map((reason) => ({ domain: 'processes', reason }))],
        },
        null,
        2,
      ),
    );
  } else {
    for (const n of notes) console.log(n);
    console.log(`raceless lab — scale ${scale}; domains: ${report.domains.join(', ')}\n`);
    console.log(o.markdown ? formatLabMarkdown(report) : formatLabTable(report));
    console.log(`\n${formatLabSummary(report)}`);
    const notExact = report.rows.filter((r) => r.verdict !== 'exact');
    for (const r of notExact) {
      console.log(
        `NOT EXACT: ${r.scenario} ${r.domain}: expected ${r.expected}, raceless saw ${r.raceless.observed}`,
      );
    }
  }
  return report.ok ? 0 : 1;
}

function program(result: { code: number }, scenarios: readonly LabScenario[]): Command {
  const root = new Command('raceless')
    .description('race-free shared state, and the lab that proves it')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => console.log(s.trimEnd()),
      writeErr: (s) => console.error(s.trimEnd()),
    })
    .showHelpAfterError(true);
  root
    .command('lab')
    .description(
      'Reproduce the incident catalogue S01–S21: the naive pattern next to raceless, in every ' +
        'domain (async, threads; processes over Redis). Exit code 1 when raceless is not exact in ' +
        'some row (naive failing is expected), 2 for bad usage.',
    )
    .option('--only <ids>', 'comma-separated scenario ids, e.g. S03,S15')
    .option('--domain <domains>', 'comma-separated: async, threads, processes')
    .option('--redis <url>', 'Redis URL for the processes domain (default: $REDIS_URL)')
    .option('--scale <factor>', "scale of every scenario; 1 = the catalogue's numbers", '1')
    .option('--units <n>', 'worker threads / child processes per domain (default 2–4)')
    .option('--json', 'print the report as JSON')
    .option('--markdown', 'print the table as Markdown')
    .option('--no-progress', 'no progress display')
    .exitOverride()
    .action(async (o: LabCliOptions) => {
      result.code = await labCommand(o, scenarios);
    });
  root
    .command('explore')
    .description(EXPLORE_USAGE.split('\n').slice(2).join('\n').replace(/^\s+/gm, ''))
    .argument('[scenario]', 'S01 or check-then-act')
    .argument('[extra...]')
    .option('--naive', 'the naive variant')
    .option('--raceless', 'the raceless variants')
    .option('--variant <name>', 'one variant by name')
    .option('--mode <mode>', 'exhaustive (default) or random')
    .option('--preemptions <n>', 'preemption bound, or all (exhaustive)')
    .option('--runs <n>', 'schedules to sample (random)')
    .option('--seed <n>', 'seed (random)')
    .option('--actors <n>', 'actors')
    .option('--increments <n>', 'increments per actor (S01)')
    .option('--json', 'print the reports as JSON')
    .option('--replay <token>', 'replay one witness token')
    .exitOverride()
    .action(async (scenario: string | undefined, extra: string[], o: ExploreCliValues) => {
      const positionals = ['explore', ...(scenario === undefined ? [] : [scenario]), ...extra];
      result.code = await exploreCommand(positionals, o);
    });
  return root;
}

/** Options of {@link main} (tests). */
export interface MainOptions {
  /** The scenarios `raceless lab` runs (default: the catalogue). */
  readonly scenarios?: readonly LabScenario[] | undefined;
}

/**
 * Runs the CLI with `argv` (without node and script); returns the exit code: 0 when raceless is
 * exact everywhere, 1 when it is not, 2 for bad usage.
 * @example
 * process.exitCode = await main(['lab', '--only', 'S01', '--scale', '0.1']);
 */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const result = { code: 0 };
  const scenarios = options.scenarios ?? catalogue;
  if (argv.length === 0) {
    program(result, scenarios).outputHelp({ error: true });
    return 2;
  }
  try {
    await program(result, scenarios).parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every other parse error is bad usage.
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.exitCode === 0
        ? 0
        : 2;
    }
    if (e instanceof UsageError || e instanceof InvalidArgumentError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
}
