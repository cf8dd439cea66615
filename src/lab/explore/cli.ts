/**
 * `raceless explore <scenario>`: the interleaving explorer on the built-in catalogue.
 */
import { InvalidArgumentError, OutOfRangeError } from '../../errors.js';
import { type ExploreReport, explore, replay, type Schedule } from './explore.js';
import { formatReport, formatSchedule } from './report.js';
import { type ExploreCatalogueEntry, exploreCatalogue } from './scenarios.js';

/** Usage of the `explore` command (part of the CLI's help). */
export const EXPLORE_USAGE = `  raceless explore <scenario> [--naive] [--raceless] [--variant NAME]
                   [--mode exhaustive|random] [--preemptions N|all] [--runs N] [--seed N]
                   [--actors N] [--increments N] [--json] [--replay TOKEN]
      Run the scenario's actors one at a time between scheduling points (store calls, lock
      acquire/release, yieldPoint) and report every outcome. exhaustive (default): every
      schedule with at most N preemptions (default 2) — a proof within bounds; random: --runs
      schedules (default 1000) from --seed (default 42) — a sample. --replay runs exactly the
      schedule of a witness token (needs one variant).
      Scenarios: ${exploreCatalogue.map((e) => `${e.id} (${e.variants.join(', ')})`).join('; ')}.
      Exit code: 1 when a raceless variant reaches a FORBIDDEN outcome (naive variants are
      expected to, and never fail the command); 2 for bad usage or a token that no longer matches.`;

/** The options `explore` reads (parsed by the CLI's parseArgs). */
export interface ExploreCliValues {
  readonly json?: boolean | undefined;
  readonly naive?: boolean | undefined;
  readonly raceless?: boolean | undefined;
  readonly variant?: string | undefined;
  readonly mode?: string | undefined;
  readonly preemptions?: string | undefined;
  readonly runs?: string | undefined;
  readonly seed?: string | undefined;
  readonly actors?: string | undefined;
  readonly increments?: string | undefined;
  readonly replay?: string | undefined;
}

/** A usage error: the CLI prints it and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function int(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got ${value}`);
  }
  return n;
}

function findEntry(id: string | undefined): ExploreCatalogueEntry {
  const list = exploreCatalogue.map((e) => e.id).join(', ');
  if (id === undefined) throw new UsageError(`explore needs a scenario: ${list}`);
  const entry = exploreCatalogue.find((e) => e.id.toLowerCase() === id.toLowerCase());
  if (entry === undefined) throw new UsageError(`unknown scenario ${id}; known: ${list}`);
  return entry;
}

function variantsOf(entry: ExploreCatalogueEntry, v: ExploreCliValues): string[] {
  const chosen = new Set<string>();
  if (v.naive) chosen.add(entry.variants[0]!);
  if (v.raceless) for (const r of entry.raceless) chosen.add(r);
  if (v.variant !== undefined) {
    if (!entry.variants.includes(v.variant)) {
      throw new UsageError(
        `${entry.id} has no variant ${v.variant}; variants: ${entry.variants.join(', ')}`,
      );
    }
    chosen.add(v.variant);
  }
  return chosen.size === 0 ? [...entry.variants] : entry.variants.filter((x) => chosen.has(x));
}

function verdictLine(variant: string, raceless: boolean, report: ExploreReport): string {
  const found = report.forbiddenSchedules > 0;
  if (raceless) {
    return found
      ? `${variant}: FAIL — the raceless variant reached a FORBIDDEN outcome`
      : `${variant}: ok — no FORBIDDEN outcome`;
  }
  return found
    ? `${variant}: ok — FORBIDDEN outcome found, as expected of the naive pattern`
    : `${variant}: note — no FORBIDDEN outcome within this exploration (the naive pattern is expected to reach one)`;
}

/**
 * Runs `raceless explore` with parsed arguments; returns the exit code (0, 1) or throws
 * {@link UsageError} / InvalidArgumentError for exit code 2.
 */
export async function exploreCommand(
  positionals: readonly string[],
  v: ExploreCliValues,
): Promise<number> {
  if (positionals.length > 2) throw new UsageError(`unexpected ${positionals.slice(2).join(' ')}`);
  const entry = findEntry(positionals[1]);
  const variants = variantsOf(entry, v);
  const mode = v.mode ?? 'exhaustive';
  if (mode !== 'exhaustive' && mode !== 'random') {
    throw new UsageError(`--mode must be exhaustive or random, got ${mode}`);
  }
  if (mode === 'exhaustive' && (v.runs !== undefined || v.seed !== undefined)) {
    throw new UsageError('--runs and --seed apply to --mode random');
  }
  if (mode === 'random' && v.preemptions !== undefined) {
    throw new UsageError('--preemptions applies to --mode exhaustive');
  }
  if (!entry.increments && v.increments !== undefined) {
    throw new UsageError(`--increments does not apply to ${entry.id}`);
  }
  const preemptions =
    v.preemptions === 'all' ? Number.POSITIVE_INFINITY : int('preemptions', v.preemptions, 0);
  const scale = {
    actors: int('actors', v.actors, 1) ?? entry.defaults.actors,
    increments: int('increments', v.increments, 1) ?? entry.defaults.increments,
  };
  const options = {
    mode,
    preemptions,
    runs: int('runs', v.runs, 1),
    seed: int('seed', v.seed, 0),
  } as const;
  let scenarios: { variant: string; raceless: boolean; scenario: ReturnType<typeof entry.build> }[];
  try {
    scenarios = variants.map((variant) => ({
      variant,
      raceless: entry.raceless.includes(variant),
      scenario: entry.build(variant, scale),
    }));
  } catch (e) {
    if (e instanceof OutOfRangeError || e instanceof InvalidArgumentError) {
      throw new UsageError(e.message.replace(/^config\./, '--'));
    }
    throw e;
  }

  if (v.replay !== undefined) {
    if (scenarios.length !== 1) {
      throw new UsageError(
        `--replay needs exactly one variant (--naive or --variant NAME); ${entry.id} has ${entry.variants.join(', ')}`,
      );
    }
    const { variant, raceless, scenario } = scenarios[0]!;
    const schedule: Schedule = await replay(scenario, v.replay);
    if (v.json) console.log(JSON.stringify({ replay: { variant, ...schedule } }, null, 2));
    else {
      console.log(`${scenario.name} — replay (${schedule.steps.length} steps)`);
      console.log(
        `  outcome: ${schedule.outcome} (${schedule.forbidden ? 'FORBIDDEN' : 'ACCEPTABLE'})\n`,
      );
      console.log(
        formatSchedule(schedule)
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n'),
      );
    }
    return raceless && schedule.forbidden ? 1 : 0;
  }

  const reports: (ExploreReport & { variant: string; raceless: boolean })[] = [];
  for (const { variant, raceless, scenario } of scenarios) {
    reports.push({ variant, raceless, ...(await explore(scenario, options)) });
  }
  if (v.json) console.log(JSON.stringify({ reports }, null, 2));
  else {
    console.log(`${entry.id} ${entry.title}\n`);
    console.log(reports.map((r) => formatReport(r)).join('\n\n'));
    console.log('');
    for (const r of reports) console.log(verdictLine(r.variant, r.raceless, r));
  }
  return reports.some((r) => r.raceless && r.forbiddenSchedules > 0) ? 1 : 0;
}
