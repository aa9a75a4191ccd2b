/** What the CLI touches of the outside world, injectable so that tests run it in-process. */
import { messageOf } from '../../functions/cost-alert/domain/error-text';

export interface CliIo {
  /** Results: tables, alerts, CSV, JSON. */
  readonly stdout: (text: string) => void;
  /** Notes, warnings and errors: kept off stdout so that `usage --format csv > file` stays clean. */
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative file options resolve against. Default: process.cwd(). */
  readonly cwd?: string;
  /** Milliseconds since the epoch; also the built-in simulator's clock. Default: Date.now. */
  readonly clock?: () => number;
  /** True when stdout is a terminal: colour is used only then (and never with NO_COLOR). */
  readonly stdoutIsTTY?: boolean;
}

/** Exit codes, the same for every command (documented in --help and docs/cli.md). */
export const EXIT = {
  /** Nothing wrong (and, with --fail-on, no alert at or above that level). */
  ok: 0,
  /** A problem: an invalid threshold, unreadable usage, an alert that could not be published, AWS refused. */
  problem: 1,
  /** A usage error: an unknown command or option, a bad option value or argument. */
  usage: 2,
  /** `check --fail-on LEVEL` found an alert at or above LEVEL. */
  alertFound: 3,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  nothing wrong
  1  a problem: an invalid threshold, unreadable usage, any error alert, an alert not published, an AWS or Telnyx refusal
  2  a usage error: unknown command or option, bad option value or argument
  3  check --fail-on LEVEL: an alert at or above LEVEL was found (warning or critical)`;

/** A mistake the user can fix: printed as `error: <message>` (no stack), exit code 1 unless said otherwise (2: a usage error). */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A bad option value or argument: exit code 2, like commander's own usage errors. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT.usage, options);
  }
}

/** True when colour may be written: stdout is a terminal and NO_COLOR (https://no-color.org) is unset or empty. */
export function colorEnabled(io: CliIo): boolean {
  return Boolean(io.stdoutIsTTY) && !io.env.NO_COLOR;
}

/**
 * Writes to a process stream that may be a pipe closed early (`| head -1`): the first EPIPE stops further
 * output quietly, while the command itself runs to its end (a --publish run still publishes every alert).
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    throw error;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

export function processIo(): CliIo {
  return {
    stdout: quietOnClosedPipe(process.stdout),
    stderr: quietOnClosedPipe(process.stderr),
    stdoutIsTTY: process.stdout.isTTY,
    env: process.env,
    // `npm run cli -- ...` runs in the package root; INIT_CWD is where the user typed it, so --file paths resolve there.
    cwd: process.env.INIT_CWD || process.cwd(),
  };
}

/** A connection that could not be made or was lost (not an answer from AWS). */
export function isNetworkError(error: unknown): boolean {
  const text = `${messageOf(error)} ${error instanceof Error && error.cause instanceof Error ? error.cause.message : ''}`;
  return /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket hang up/i.test(text);
}

/** The message of an AWS SDK failure, with what to do when the cause is local configuration. */
export function withAwsHint(error: unknown): string {
  const message = messageOf(error);
  const text = `${message} ${error instanceof Error && error.cause instanceof Error ? error.cause.message : ''}`;
  if (/region is missing/i.test(text)) return `${message} (set AWS_REGION, or AWS_PROFILE to a profile with a region)`;
  if (/could not load credentials/i.test(text)) return `${message} (configure AWS credentials: aws configure, aws sso login, or AWS_PROFILE)`;
  if (isNetworkError(error)) {
    return `${message} (AWS could not be reached: check the network connection and AWS_REGION, and AWS_ENDPOINT_URL if it is set)`;
  }
  return message;
}
