// `raceless explore`: reports for every variant, replay of a witness token, and the exit-code
// rule (1 only when a raceless variant reaches a FORBIDDEN outcome; 2 for bad usage).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../../src/lab/cli.js';

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (s: string) => out.push(s);
  console.error = (s: string) => err.push(s);
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('explore S01 --json: the naive variant fails as expected, raceless proves exact; exit 0', async () => {
  const { code, out } = await capture(['explore', 'S01', '--json', '--preemptions', '2']);
  assert.equal(code, 0);
  const { reports } = JSON.parse(out);
  assert.deepEqual(
    reports.map((r: { variant: string; schedules: number; forbiddenSchedules: number }) => [
      r.variant,
      r.schedules,
      r.forbiddenSchedules > 0,
    ]),
    // Default 2 actors × 2 increments. naive: 26 schedules within 2 preemptions (see
    // preemption-bound test); raceless: 4!/(2!·2!) = 6, all of them.
    [
      ['naive', 26, true],
      ['raceless', 6, false],
    ],
  );
  const token = reports[0].witness.token;
  const replayed = await capture(['explore', 'S01', '--naive', '--replay', token, '--json']);
  assert.equal(replayed.code, 0);
  const { replay } = JSON.parse(replayed.out);
  assert.equal(replay.outcome, reports[0].witness.outcome);
  assert.equal(replay.forbidden, true);
});

test('text report: coverage, outcome table, timeline and token', async () => {
  const { code, out } = await capture([
    'explore',
    's01',
    '--naive',
    '--actors',
    '2',
    '--increments',
    '1',
  ]);
  assert.equal(code, 0);
  assert.match(out, /exhaustive: 6 of 6 schedules/);
  assert.match(out, /counter=1\s+4\s+66\.67%\s+FORBIDDEN/);
  assert.match(out, /step\s+A\s+B/);
  assert.match(out, /replay token: A:get\.B:get\.B:set\.A:set/);
  assert.match(out, /naive: ok — FORBIDDEN outcome found, as expected/);
  const random = await capture([
    'explore',
    'check-then-act',
    '--mode',
    'random',
    '--runs',
    '50',
    '--seed',
    '3',
  ]);
  assert.equal(random.code, 0);
  assert.match(random.out, /sampled 50 schedules \(seed 3; \d+ distinct\)/);
  assert.match(random.out, /mutex: ok — no FORBIDDEN outcome/);
});

test('bad usage and stale tokens exit 2', async () => {
  for (const argv of [
    ['explore'],
    ['explore', 'S99'],
    ['explore', 'S01', '--variant', 'mutex'],
    ['explore', 'S01', '--mode', 'dfs'],
    ['explore', 'S01', '--runs', '10'],
    ['explore', 'S01', '--mode', 'random', '--preemptions', '1'],
    ['explore', 'S01', '--preemptions', '-1'],
    ['explore', 'S01', '--actors', '99'],
    ['explore', 'S01', '--replay', 'A:get'],
    ['explore', 'check-then-act', '--increments', '2'],
    ['explore', 'S01', '--naive', '--replay', 'A:get.B:get.B:compareAndSet.A:set'],
    ['explore', 'S01', '--naive', '--replay', 'not a token'],
    ['lab', '--seed', '1'],
  ]) {
    const { code, err } = await capture(argv);
    assert.equal(code, 2, argv.join(' '));
    assert.ok(err.length > 0, argv.join(' '));
  }
  const stale = await capture([
    'explore',
    'S01',
    '--naive',
    '--replay',
    'A:get.B:get.B:compareAndSet.A:set',
  ]);
  assert.match(stale.err, /at step 3: it expects B:compareAndSet, but B is at B:set/);
});
