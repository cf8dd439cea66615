// Shared helpers of the lab's tests: reduced scale, console capture, a deliberately broken
// scenario (in its own module so worker threads can import it by URL).
import { main } from '../../../src/lab/cli.js';
import type { LabScenario } from '../../../src/lab/types.js';

/** The scale of the lab inside `npm test`: small enough for 2 shared cores. */
export const TEST_SCALE = 0.05;

/** Runs the CLI, capturing console output. */
export async function capture(
  argv: string[],
  scenarios?: readonly LabScenario[],
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (s: string) => out.push(String(s));
  console.error = (s: string) => err.push(String(s));
  try {
    const code = await main(argv, { scenarios });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}
