/**
 * Loggers for a terminal, both writing to stderr so that stdout holds only results (`-o json`, CSV).
 * TerminalLog: warnings and errors, one compact line each. JsonLineLog (`--verbose`): every level as one JSON
 * line with the fields the Lambda logs through Powertools (level, message, timestamp, service, then the extras).
 */
import type { RunLog as CheckLog } from '../../functions/cost-alert/ports';
import type { ClientLog } from '../../functions/cost-alert/telnyx/usage-client';
import type { CliIo } from './cli-io';

export class TerminalLog implements CheckLog, ClientLog {
  constructor(private readonly write: (text: string) => void) {}

  info(): void {}

  debug(): void {}

  warn(message: string, ...extra: Record<string, unknown>[]): void {
    this.write(`warning: ${message}${fields(extra)}\n`);
  }

  error(message: string, ...extra: Record<string, unknown>[]): void {
    this.write(`error: ${message}${fields(extra)}\n`);
  }
}

export class JsonLineLog implements CheckLog, ClientLog {
  constructor(
    private readonly write: (text: string) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  debug(message: string, ...extra: Record<string, unknown>[]): void {
    this.line('DEBUG', message, extra);
  }

  info(message: string, ...extra: Record<string, unknown>[]): void {
    this.line('INFO', message, extra);
  }

  warn(message: string, ...extra: Record<string, unknown>[]): void {
    this.line('WARN', message, extra);
  }

  error(message: string, ...extra: Record<string, unknown>[]): void {
    this.line('ERROR', message, extra);
  }

  private line(level: string, message: string, extra: readonly Record<string, unknown>[]): void {
    const record: Record<string, unknown> = { level, message, timestamp: new Date(this.clock()).toISOString(), service: 'telnyx-cost-alert' };
    for (const fields of extra) Object.assign(record, fields);
    this.write(`${stringify(record)}\n`);
  }
}

/** Drops everything: `check -q` prints its summary line only. */
export class SilentLog implements CheckLog, ClientLog {
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(): void {}
}

/** For every command: --verbose gives JSON log lines (debug and info too), otherwise warnings and errors only; both on stderr. */
export function commandLog(verbose: boolean | undefined, io: CliIo): CheckLog & ClientLog {
  return verbose ? new JsonLineLog(io.stderr, io.clock) : new TerminalLog(io.stderr);
}

/**
 * For a command whose every error ends up in its own problems list or error line (check, digest): the JSON log
 * lines with --verbose, else warnings only, so that an error is said once, in the command line's terms.
 */
export function reportingCommandLog(verbose: boolean | undefined, io: CliIo): CheckLog & ClientLog {
  if (verbose) return commandLog(true, io);
  const terminal = new TerminalLog(io.stderr);
  return { debug: () => undefined, info: () => undefined, warn: (message, ...extra) => terminal.warn(message, ...extra), error: () => undefined };
}

function fields(extra: readonly Record<string, unknown>[]): string {
  const parts: string[] = [];
  for (const record of extra) {
    for (const [key, value] of Object.entries(record)) {
      if (value === undefined) continue;
      parts.push(`${key}=${typeof value === 'string' && !/\s/.test(value) ? value : stringify(value)}`);
    }
  }
  return parts.length > 0 ? ` (${parts.join(' ')})` : '';
}

function stringify(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) =>
      typeof inner === 'bigint' ? inner.toString() : inner instanceof Error ? { name: inner.name, message: inner.message } : inner,
    ) ?? String(value)
  );
}
