/**
 * The lab runner: every scenario of the catalogue (or a chosen few), naive and raceless, in every
 * requested domain; one {@link LabRow} per scenario × domain.
 */
import {
  asyncDomain,
  type DomainRunner,
  processesDomain,
  type StoreSession,
  threadsDomain,
} from './domains/index.js';
import { catalogue } from './scenarios/index.js';
import type {
  DomainName,
  LabRow,
  LabScenario,
  LocalScenario,
  Observation,
  StoreScenario,
  Variant,
} from './types.js';

/** Options of {@link runLab}. */
export interface LabOptions {
  /** Scenarios to run (default: the whole {@link catalogue}). */
  readonly scenarios?: readonly LabScenario[] | undefined;
  /** Scenario ids to keep (case-insensitive), e.g. `['S03', 'S15']`. Default: all. */
  readonly only?: readonly string[] | undefined;
  /** Domains to run. Default: async and threads, plus processes when `redisUrl` is given. */
  readonly domains?: readonly DomainName[] | undefined;
  /** Redis URL for the processes domain. */
  readonly redisUrl?: string | undefined;
  /** Scale factor of every scenario (1 = the catalogue's numbers). Default 1. */
  readonly scale?: number | undefined;
  /** Threads / processes per domain (default 2–4 by the machine). */
  readonly units?: number | undefined;
  /** Domain runners to use instead of the built-in ones (tests). */
  readonly runners?: Partial<Record<DomainName, DomainRunner>> | undefined;
  /** Called as the lab progresses. */
  readonly onProgress?: ((event: LabProgress) => void) | undefined;
}

/** A progress event: a row started or finished. */
export interface LabProgress {
  readonly phase: 'start' | 'done';
  readonly scenario: string;
  readonly title: string;
  readonly domain: DomainName;
  /** Rows finished so far, and in all. */
  readonly completed: number;
  readonly total: number;
  readonly row?: LabRow | undefined;
}

/** Everything one lab run found. */
export interface LabReport {
  readonly scale: number;
  readonly domains: readonly DomainName[];
  /** Domains not run, and why (e.g. processes without Redis). */
  readonly skipped: readonly { readonly domain: DomainName; readonly reason: string }[];
  readonly rows: readonly LabRow[];
  /** Whether raceless was exact in every row. */
  readonly ok: boolean;
  readonly ms: number;
}

function failed(expected: string, e: unknown): Observation {
  const message = e instanceof Error ? e.message : String(e);
  return { expected, observed: `threw: ${message.split('\n')[0]}`, exact: false };
}

/**
 * Runs one variant of a store scenario in a domain: a fresh store, `setup`, every actor started
 * together, `check`; the store is released (Redis: its keys deleted) afterwards.
 * @throws whatever `setup`, an actor or `check` throws.
 * @example
 * const runner = asyncDomain();
 * const observed = await runStoreVariant(runner, s, 'raceless', s.params(0.1));
 */
export async function runStoreVariant<P, R>(
  runner: DomainRunner,
  scenario: StoreScenario<P, R>,
  variant: Variant,
  params: P,
): Promise<Observation> {
  const session: StoreSession = await runner.open(scenario.capacity?.(params));
  try {
    const ctx = { variant, domain: runner.name, store: session.store, params };
    await scenario.setup?.(ctx);
    const results = await runner.runActors(
      scenario,
      session,
      variant,
      params,
      scenario.actors(params),
    );
    return await scenario.check(ctx, results);
  } finally {
    await session.close();
  }
}

async function observe(
  scenario: LabScenario,
  runner: DomainRunner,
  variant: Variant,
  params: unknown,
): Promise<Observation> {
  try {
    return scenario.kind === 'store'
      ? await runStoreVariant(runner, scenario as StoreScenario, variant, params)
      : await (scenario as LocalScenario).run(variant, params);
  } catch (e) {
    return failed('(see the scenario)', e);
  }
}

/**
 * Runs the lab: each selected scenario, naive then raceless, in each domain it belongs to
 * (store scenarios everywhere, the others in async only). Never throws for a failing scenario:
 * a raceless run that throws or misses its expectation is a `NOT EXACT` row (`ok` false).
 * @throws Error when a requested domain cannot start (e.g. processes without `redisUrl`).
 * @example
 * const report = await runLab({ only: ['S01'], domains: ['async'], scale: 0.1 });
 * report.rows[0]?.verdict; // 'exact'
 */
export async function runLab(options: LabOptions = {}): Promise<LabReport> {
  const t0 = performance.now();
  const scale = options.scale ?? 1;
  const only = options.only?.map((s) => s.toLowerCase());
  const scenarios = (options.scenarios ?? catalogue).filter(
    (s) => only === undefined || only.includes(s.id.toLowerCase()),
  );
  const skipped: { domain: DomainName; reason: string }[] = [];
  let domains = [...(options.domains ?? ['async', 'threads', 'processes'])] as DomainName[];
  if (
    domains.includes('processes') &&
    options.redisUrl === undefined &&
    !options.runners?.processes
  ) {
    if (options.domains?.includes('processes')) {
      throw new Error('the processes domain needs a Redis URL (--redis or REDIS_URL)');
    }
    domains = domains.filter((d) => d !== 'processes');
    skipped.push({
      domain: 'processes',
      reason: 'no Redis given (--redis redis://127.0.0.1:6379 or REDIS_URL)',
    });
  }
  const plan: { scenario: LabScenario; domain: DomainName }[] = [];
  for (const scenario of scenarios) {
    for (const domain of domains) {
      if (scenario.kind === 'store' || domain === 'async') plan.push({ scenario, domain });
    }
  }
  const runners = new Map<DomainName, DomainRunner>();
  const runnerFor = (d: DomainName): DomainRunner => {
    let r = runners.get(d) ?? options.runners?.[d];
    if (r === undefined) {
      r =
        d === 'async'
          ? asyncDomain()
          : d === 'threads'
            ? threadsDomain({ units: options.units })
            : processesDomain({ url: options.redisUrl!, units: options.units });
    }
    runners.set(d, r);
    return r;
  };
  const rows: LabRow[] = [];
  try {
    for (const { scenario, domain } of plan) {
      const base = { scenario: scenario.id, title: scenario.title, domain, total: plan.length };
      options.onProgress?.({ phase: 'start', completed: rows.length, ...base });
      const started = performance.now();
      const params = scenario.params(scale);
      const runner = runnerFor(domain);
      const naive = await observe(scenario, runner, 'naive', params);
      const raceless = await observe(scenario, runner, 'raceless', params);
      const row: LabRow = {
        scenario: scenario.id,
        title: scenario.title,
        domain,
        expected: raceless.observed.startsWith('threw: ') ? naive.expected : raceless.expected,
        naive,
        raceless,
        verdict: raceless.exact ? 'exact' : 'NOT EXACT',
        naiveFailed: !naive.exact,
        ms: Math.round(performance.now() - started),
      };
      rows.push(row);
      options.onProgress?.({ phase: 'done', completed: rows.length, row, ...base });
    }
  } finally {
    for (const [d, r] of runners) if (options.runners?.[d] !== r) await r.close();
  }
  return {
    scale,
    domains: [...new Set(plan.map((p) => p.domain))],
    skipped,
    rows,
    ok: rows.every((r) => r.verdict === 'exact'),
    ms: Math.round(performance.now() - t0),
  };
}
