/**
 * `npm run bench`: raceless (the built package, as users get it) against its peers and against
 * physical limits, in one run.
 * Prints the machine, Node and package versions, then ratio tables (raceless ÷ peer, higher is
 * better). `--smoke` runs every benchmark with a tiny budget (used by the test suite);
 * `--write` also writes bench/RESULTS.md. `--footprint-keys N` (default 1,000,000).
 * `--only TEXT` runs only the comparisons whose group contains TEXT (case-insensitive), and
 * skips the footprint unless TEXT is `footprint`; it never writes RESULTS.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { type Budget, compare, markdown, type Row } from './lib.js';
import { footprint } from './suites/footprint.js';
import { inProcessComparisons } from './suites/in-process.js';
import { redisAnswers, redisComparisons } from './suites/redis.js';
import { workersComparisons } from './suites/workers.js';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean' },
    write: { type: 'boolean' },
    'footprint-keys': { type: 'string' },
    only: { type: 'string' },
  },
});
const only = values.only?.toLowerCase();
const wanted = (row: { group: string }) =>
  only === undefined || row.group.toLowerCase().includes(only);
const budget: Budget = values.smoke ? 'smoke' : 'full';
const footprintKeys = Number(values['footprint-keys'] ?? (values.smoke ? 1_000 : 1_000_000));

function version(pkg: string): string {
  const json = JSON.parse(
    readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8'),
  );
  return json.version;
}

const peers = [
  'rate-limiter-flexible',
  'async-mutex',
  'opossum',
  'cockatiel',
  'lru-cache',
  'mitata',
];
const header = [
  `machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
  `node ${process.version}; raceless ${version('..')}; ${peers.map((p) => `${p} ${version(p)}`).join(', ')}`,
  `budget: ${budget}`,
].join('\n');
console.log(header);

const rows: Row[] = await compare((await inProcessComparisons()).filter(wanted), budget);
const ratioTable = markdown(rows);
console.log(`\n## In-process\n\n${ratioTable}`);

let redisTable = 'skipped: no Redis answered on 127.0.0.1:6379';
if (only !== undefined && !'redis rate limiter'.includes(only) && !only.includes('redis'))
  redisTable = 'skipped: --only';
else if (await redisAnswers())
  redisTable = markdown((await redisComparisons(budget)).filter(wanted));
console.log(`\n## Redis\n\n${redisTable}`);

const workerRows =
  only === undefined || 'workers'.includes(only) || only.includes('workers')
    ? (await workersComparisons(budget)).filter(wanted)
    : [];
const workersTable = markdown(workerRows);
console.log(`\n## Across worker threads\n\n${workersTable}`);

const fp = only === undefined || only === 'footprint' ? await footprint(footprintKeys) : [];
const fpTable = [
  `| structure | keys | heap bytes / key |`,
  '|---|---:|---:|',
  ...fp.map(
    (r) => `| ${r.what} | ${r.keys.toLocaleString('en-US')} | ${r.bytesPerKey.toFixed(0)} |`,
  ),
].join('\n');
console.log(`\n## Memory footprint\n\n${fpTable}`);

if (values.write && only === undefined) {
  const doc = `# Benchmark results

Reproduce: \`npm ci && npm run bench -- --write\` (Redis comparisons run when Redis answers on
127.0.0.1:6379). Ratios are raceless ÷ peer ops/s measured in the same run; higher is better.

\`\`\`
${header}
\`\`\`

## In-process

${ratioTable}

## Redis

${redisTable}

## Across worker threads

${workersTable}

## Memory footprint

${fpTable}
`;
  writeFileSync(new URL('./RESULTS.md', import.meta.url), doc);
  console.log('\nwrote bench/RESULTS.md');
}
