/**
 * `check`: the Lambda's check, run once on this machine with the embedded defaults: thresholds from the
 * sample file (or --thresholds-file / --thresholds-path), usage from Telnyx or the built-in simulator, an
 * in-memory ledger (every run starts fresh) and alerts printed as subscribers would see them (or, with
 * --publish, sent through SNS).
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { SnsAlertPublisher } from '../../functions/cost-alert/aws/sns-publisher';
import type { RunLog as CheckLog } from '../../functions/cost-alert/ports';
import { type CheckReport, runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { TOPIC_ARN } from '../../functions/cost-alert/config';
import { formatMoney, formatNanos, percentOf } from '../../functions/cost-alert/domain/money';
import { formatLocalDateTime, validateTimeZone } from '../../functions/cost-alert/domain/periods';
import { ConsolePublisher } from '../../functions/cost-alert/local/console-publisher';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { AlertPublisher } from '../../functions/cost-alert/ports';
import type { ClientLog } from '../../functions/cost-alert/telnyx/usage-client';
import { CliError, type CliIo, colorEnabled, EXIT, UsageError } from './cli-io';
import { connectTelnyx, type TelnyxConnection } from './telnyx-connection';
import { colorLevel, formatTable } from './text-table';
import { JsonLineLog, SilentLog, TerminalLog } from './terminal-log';
import { openThresholds } from './threshold-source';

export interface CheckOptions {
  readonly thresholdsFile?: string;
  readonly thresholdsPath?: string;
  readonly baseUrl?: string;
  readonly timeZone?: string;
  readonly concurrency?: number;
  readonly publish?: boolean;
  readonly topicArn?: string;
  readonly verbose?: boolean;
  /** `text` (default): alerts, table and summary for people; `json`: one JSON document (CheckJson), nothing else on stdout. */
  readonly output?: CheckOutput;
  /** Exit code 3 when an alert at or above this level was found (and no problem, which is exit code 1). */
  readonly failOn?: FailOnLevel;
  /** The summary line only (no alert bodies, no table, no notes). */
  readonly quiet?: boolean;
}

export type CheckOutput = 'text' | 'json';
export const CHECK_OUTPUTS: readonly CheckOutput[] = ['text', 'json'];
export type FailOnLevel = 'warning' | 'critical';
export const FAIL_ON_LEVELS: readonly FailOnLevel[] = ['warning', 'critical'];

export const DRY_RUN_NOTE = 'dry run: nothing was sent';

/** `check -o json`: the schema is documented in docs/cli.md and pinned by test/cli/check-output.test.ts. */
export interface CheckJson {
  readonly checkedAt: string;
  readonly timeZone: string;
  /** True when nothing was sent (no --publish). */
  readonly dryRun: boolean;
  readonly topicArn: string | null;
  readonly thresholdsSource: string;
  readonly usageSource: string;
  readonly evaluations: ReadonlyArray<Record<string, unknown>>;
  readonly alerts: readonly CheckJsonAlert[];
  readonly problems: readonly string[];
}

export interface CheckJsonAlert {
  readonly severity: string;
  readonly signal: string;
  readonly product: string;
  readonly period: string | null;
  readonly subject: string;
  /** published | already-sent | in-flight | failed, or not-sent in a dry run. */
  readonly outcome: string;
  readonly key: string;
}

/** Runs the check and prints alerts, a table of spend against limits and any failures. Resolves with the exit code. */
export async function runCheckCommand(options: CheckOptions, io: CliIo): Promise<number> {
  const timeZone = resolveTimeZone(options.timeZone, io);
  const topicArn = publishTopicArn(options, 'the alerts');
  const output = options.output ?? 'text';
  const quiet = Boolean(options.quiet) && output === 'text';
  // Notes go to stderr; -q drops them (errors still reach stderr through main).
  const notes: CliIo = quiet ? { ...io, stderr: () => undefined } : io;
  const log = checkLog(options, io);
  const thresholds = openThresholds({ file: options.thresholdsFile, path: options.thresholdsPath }, io);
  const sns = topicArn ? new SNSClient({}) : undefined;
  // Alert bodies are printed only in the full text output; a dry run otherwise hands them to no one.
  const publisher: AlertPublisher =
    sns && topicArn
      ? new SnsAlertPublisher(sns, topicArn)
      : output === 'text' && !quiet
        ? new ConsolePublisher(io.stdout)
        : { publish: () => Promise.resolve() };
  const clock = io.clock ?? Date.now;
  let connection: TelnyxConnection | undefined;
  try {
    connection = await connectTelnyx(notes, { baseUrl: options.baseUrl, concurrency: options.concurrency, log });
    refuseSimulatedPublish(topicArn, connection);
    notes.stderr(`Checking thresholds from ${thresholds.label} against ${connection.source} (time zone ${timeZone})\n`);
    const report = await runCheck({
      thresholds: thresholds.store,
      usage: connection.client,
      ledger: new MemoryAlertLedger(),
      publisher,
      clock,
      log,
      timeZone,
    });
    if (output === 'json') {
      io.stdout(`${JSON.stringify(checkJson(report, { topicArn, thresholdsSource: thresholds.label, usageSource: connection.source }), null, 2)}\n`);
    } else if (quiet) {
      io.stdout(`${summaryLine(report, topicArn)}\n`);
    } else {
      io.stdout(formatCheckReport(report, topicArn, colorEnabled(io)));
    }
    if (report.failures.length > 0) {
      notes.stderr(`The check finished with ${report.failures.length} problem(s)${output === 'text' ? ' (listed above)' : ''}: exit code 1\n`);
      return EXIT.problem;
    }
    // Some error alerts leave the run green (a filter that matched nothing: a quiet day looks the same), but
    // for the exit code an error alert is a problem: cron and CI must not read "0" while one is sent.
    const errors = report.alerts.filter(({ alert }) => alert.severity === 'error').length;
    if (errors > 0) {
      notes.stderr(`The check found ${errors} error alert(s)${output === 'text' && !quiet ? ' (printed above)' : ''}: exit code 1\n`);
      return EXIT.problem;
    }
    const found = options.failOn && report.alerts.filter(({ alert }) => atOrAbove(alert.severity, options.failOn ?? 'critical'));
    if (found && found.length > 0) {
      notes.stderr(`${found.length} alert(s) at or above ${options.failOn} (--fail-on ${options.failOn}): exit code 3\n`);
      return EXIT.alertFound;
    }
    return EXIT.ok;
  } finally {
    await connection?.close();
    thresholds.ssm?.destroy();
    sns?.destroy();
  }
}

/** warning < critical; error alerts are problems (exit code 1), never counted here. */
function atOrAbove(severity: string, level: FailOnLevel): boolean {
  const rank: Record<string, number> = { warning: 1, critical: 2 };
  return (rank[severity] ?? 0) >= rank[level]!;
}

/** The one JSON document of `check -o json`: amounts as exact decimal strings (never through a float). */
export function checkJson(report: CheckReport, context: { topicArn: string | undefined; thresholdsSource: string; usageSource: string }): CheckJson {
  const dryRun = context.topicArn === undefined;
  return {
    checkedAt: report.checkedAt.toISOString(),
    timeZone: report.timeZone,
    dryRun,
    topicArn: context.topicArn ?? null,
    thresholdsSource: context.thresholdsSource,
    usageSource: context.usageSource,
    evaluations: report.evaluations.map((evaluation) => {
      const { spendNanos, limitNanos, level, ...rest } = evaluation;
      return {
        ...rest,
        spend: formatNanos(spendNanos),
        limit: formatNanos(limitNanos),
        percentOfLimit: Number(percentOf(spendNanos, limitNanos).toFixed(1)),
        level: level ?? 'ok',
      };
    }),
    alerts: report.alerts.map(({ alert, outcome }) => ({
      severity: alert.severity,
      signal: alert.signal,
      product: alert.product,
      period: alert.period ?? null,
      subject: alert.message.subject,
      outcome: dryRun && outcome === 'published' ? 'not-sent' : outcome,
      key: alert.key,
    })),
    problems: [...report.failures],
  };
}

/** `3 alerts (1 critical, 2 warning) printed above; dry run: nothing was sent.` and the like. */
export function summaryLine(report: CheckReport, topicArn: string | undefined, where = 'found'): string {
  const bySeverity = new Map<string, number>();
  for (const { alert } of report.alerts) bySeverity.set(alert.severity, (bySeverity.get(alert.severity) ?? 0) + 1);
  const severities = ['critical', 'warning', 'error']
    .filter((severity) => bySeverity.has(severity))
    .map((severity) => `${bySeverity.get(severity)} ${severity}`)
    .join(', ');
  const count = `${report.alerts.length} alert${report.alerts.length === 1 ? '' : 's'}${severities ? ` (${severities})` : ''}`;
  const problems = report.failures.length > 0 ? ` ${report.failures.length} problem(s).` : '';
  if (topicArn) {
    const published = report.alerts.filter(({ outcome }) => outcome === 'published').length;
    return `${count}: ${published} published to ${topicArn}.${problems}`;
  }
  return `${count} ${where}; ${DRY_RUN_NOTE}${report.alerts.length > 0 ? ' (add --publish --topic-arn ARN to send them through SNS)' : ''}.${problems}`;
}

/** The table of spend against limits, the alert summary and the failures. */
export function formatCheckReport(report: CheckReport, topicArn: string | undefined, color = false): string {
  const lines: string[] = [''];
  lines.push(`Spend against limits at ${formatLocalDateTime(report.checkedAt, report.timeZone)} (${report.timeZone}):`, '');
  const rows = report.evaluations.map((evaluation) => [
    evaluation.product,
    `${evaluation.period} ${evaluation.periodKey}${evaluation.periodState === 'ended' ? ' (ended)' : ''}`,
    formatMoney({ nanos: evaluation.spendNanos, currency: evaluation.currency }),
    formatMoney({ nanos: evaluation.limitNanos, currency: evaluation.currency }),
    `${percentOf(evaluation.spendNanos, evaluation.limitNanos).toFixed(1)}%`,
    evaluation.level ?? 'ok',
    evaluation.complete ? '' : 'incomplete: some usage could not be read, spend is at least this',
  ]);
  const levelColumn = 5;
  const table =
    rows.length > 0
      ? formatTable(
          [
            { header: 'product' },
            { header: 'period' },
            { header: 'spend', align: 'right' },
            { header: 'limit', align: 'right' },
            { header: '% of limit', align: 'right' },
            { header: 'level' },
            { header: 'note' },
          ],
          rows,
          color ? (cell, _row, column) => (column === levelColumn ? colorLevel(cell) : cell) : undefined,
        )
      : '(no threshold could be evaluated)\n';
  lines.push(table.trimEnd(), '');
  // The problem count is listed right below in full; the summary line keeps to the alerts.
  lines.push(summaryLine({ ...report, failures: [] }, topicArn, 'printed above'));
  if (report.failures.length > 0) {
    lines.push('', `Problems (${report.failures.length}):`, ...report.failures.map((failure) => `  - ${failure}`));
  }
  return `${lines.join('\n')}\n`;
}

/** --time-zone, else TIME_ZONE, else UTC; an IANA name, canonically spelt. */
export function resolveTimeZone(option: string | undefined, io: CliIo): string {
  const fromEnv = io.env.TIME_ZONE?.trim() || undefined;
  const name = option ?? fromEnv ?? 'UTC';
  try {
    return validateTimeZone(name);
  } catch (error) {
    const where = option !== undefined ? '--time-zone' : 'TIME_ZONE';
    // A bad --time-zone is a usage error (2); a bad TIME_ZONE is the environment's problem (1).
    throw new CliError(
      `${where} "${name}" is not an IANA time zone: use a name such as UTC, Europe/Berlin or America/New_York`,
      option !== undefined ? EXIT.usage : EXIT.problem,
      {
        cause: error,
      },
    );
  }
}

/** The topic of --publish (undefined: a dry run); --topic-arn without --publish, or --publish without a topic ARN, is a usage error. */
export function publishTopicArn(options: { readonly publish?: boolean; readonly topicArn?: string }, what: string): string | undefined {
  if (!options.publish && options.topicArn !== undefined) {
    throw new UsageError(`--topic-arn is only used with --publish: add --publish to send ${what}, or leave --topic-arn out for a dry run`);
  }
  return options.publish ? requireTopicArn(options.topicArn) : undefined;
}

/** The simulator's spend is made up: it must never reach real subscribers. */
export function refuseSimulatedPublish(topicArn: string | undefined, connection: TelnyxConnection): void {
  if (topicArn && connection.simulated) {
    throw new CliError(
      '--publish needs TELNYX_API_KEY: without it the usage comes from the built-in simulator, and its made-up spend must not reach real subscribers',
    );
  }
}

function requireTopicArn(topicArn: string | undefined): string {
  if (topicArn === undefined) {
    throw new UsageError('--publish needs the topic to send to: add --topic-arn arn:aws:sns:REGION:ACCOUNT:TOPIC (the stack prints it as an output)');
  }
  return checkTopicArn(topicArn);
}

export function checkTopicArn(topicArn: string): string {
  if (!TOPIC_ARN.test(topicArn)) {
    throw new UsageError(`--topic-arn "${topicArn}" is not an SNS topic ARN like arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts`);
  }
  return topicArn;
}

/** JSON log lines only when asked for (--verbose: on a terminal they drown the table), always on stderr; none with -q. */
function checkLog(options: CheckOptions, io: CliIo): CheckLog & ClientLog {
  if (options.quiet && options.output !== 'json' && !options.verbose) return new SilentLog();
  return commandLog(options.verbose, io);
}

/** For every command: --verbose gives JSON log lines (debug and info too), otherwise warnings and errors only; both on stderr. */
export function commandLog(verbose: boolean | undefined, io: CliIo): CheckLog & ClientLog {
  return verbose ? new JsonLineLog(io.stderr, io.clock) : new TerminalLog(io.stderr);
}
