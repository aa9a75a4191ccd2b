/** What the CLI touches of the outside world, injectable so that tests run it in-process. */

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
}

/** A mistake the user can fix: printed as `error: <message>` (no stack), exit code 1 unless said otherwise. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    // `npm run cli -- ...` runs in the package root; INIT_CWD is where the user typed it, so --file paths resolve there.
    cwd: process.env.INIT_CWD || process.cwd(),
  };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The message of an AWS SDK failure, with what to do when the cause is local configuration. */
export function withAwsHint(error: unknown): string {
  const message = messageOf(error);
  const text = `${message} ${error instanceof Error && error.cause instanceof Error ? error.cause.message : ''}`;
  if (/region is missing/i.test(text)) return `${message} (set AWS_REGION, or AWS_PROFILE to a profile with a region)`;
  if (/could not load credentials/i.test(text)) return `${message} (configure AWS credentials: aws configure, aws sso login, or AWS_PROFILE)`;
  return message;
}
