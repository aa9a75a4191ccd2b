/**
 * A logger for a terminal: Powertools' JSON lines are for CloudWatch, not for people. Only warnings and
 * errors, one compact line each; info and debug are dropped (`--verbose` uses Powertools' Logger instead).
 */
import type { CheckLog } from '../../functions/cost-alert/check';
import type { ClientLog } from '../../functions/cost-alert/telnyx/usage-client';

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
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner)) ?? String(value);
}
