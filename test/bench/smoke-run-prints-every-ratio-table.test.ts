/**
 * `npm run bench` must keep working: a smoke run (tiny budget, 1,000 footprint keys) of every
 * comparison, on the current source, prints the four sections and a finite ops/s and ratio in
 * every row. Nothing here looks at speed: the numbers of a smoke run mean nothing.
 * Scale: one run of `bench/run.ts --smoke` (≈ 10 s on 2 cores); Redis rows need Redis on
 * 127.0.0.1:6379, as every Redis test does.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const SECTIONS = ['In-process', 'Redis', 'Across worker threads', 'Memory footprint'];

/** The Markdown table rows (not header or separator) under `## title`. */
function rows(out: string, title: string): string[][] {
  const start = out.indexOf(`## ${title}\n`);
  assert.notEqual(start, -1, `section "${title}" printed`);
  const next = out.indexOf('\n## ', start + 4);
  const body = out.slice(start, next === -1 ? undefined : next);
  return body
    .split('\n')
    .filter(
      (l) => l.startsWith('| ') && !l.startsWith('| comparison') && !l.startsWith('| structure'),
    )
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
}

function ops(cell: string | undefined): number {
  const m = /^([\d.]+)([kM]?)$/.exec(cell ?? '');
  assert.ok(m, `ops/s cell "${cell}" is a number`);
  const n = Number(m[1]) * (m[2] === 'M' ? 1e6 : m[2] === 'k' ? 1e3 : 1);
  assert.ok(Number.isFinite(n) && n > 0, `ops/s cell "${cell}" is finite and positive`);
  return n;
}

test('a smoke run of npm run bench prints every ratio table with finite numbers', () => {
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/run.ts', '--smoke'],
    { encoding: 'utf8', timeout: 300_000, env: { ...process.env, FORCE_COLOR: '0' } },
  );
  assert.equal(run.status, 0, `bench exited 0; stderr:\n${run.stderr}`);
  const out = run.stdout;
  for (const s of SECTIONS) rows(out, s);

  const comparisons = [
    ...rows(out, 'In-process'),
    ...rows(out, 'Redis'),
    ...rows(out, 'Across worker threads'),
  ];
  // 12 in-process comparisons, 6 Redis, 2 across workers at the time of writing; more may come.
  assert.ok(rows(out, 'In-process').length >= 12, 'every in-process comparison ran');
  assert.ok(rows(out, 'Redis').length >= 6, 'every Redis comparison ran');
  assert.ok(rows(out, 'Across worker threads').length >= 2, 'every workers comparison ran');
  for (const [group, , oursOps, , peerOps, ratio] of comparisons) {
    ops(oursOps);
    ops(peerOps);
    assert.match(ratio ?? '', /^\d+\.\d\d×$/, `ratio of "${group}" is a finite number`);
  }
  const footprint = rows(out, 'Memory footprint');
  assert.ok(footprint.length >= 4, 'every footprint row printed');
  for (const [what, keys, bytes] of footprint) {
    assert.equal(keys, '1,000', `${what} measured at the smoke scale`);
    assert.match(bytes ?? '', /^-?\d+$/, `${what} bytes per key is a number`);
  }
});
