/** Runs the CLI in-process with captured output, a pinned clock and an explicit environment. */
import { main } from '../../bin/cli/main';

/** A Thursday afternoon; the simulator's sample day is built around it. */
export const CHECK_TIME = Date.parse('2026-11-26T14:00:00Z');

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(
  argv: readonly string[],
  options: { env?: Record<string, string | undefined>; clock?: () => number; cwd?: string; stdoutIsTTY?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
    clock: options.clock ?? (() => CHECK_TIME),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.stdoutIsTTY !== undefined ? { stdoutIsTTY: options.stdoutIsTTY } : {}),
  });
  return { exitCode, stdout, stderr };
}
