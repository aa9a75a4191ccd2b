/**
 * `check`: the Lambda's check, run once on this machine with the embedded defaults: thresholds from the
 * sample file (or --thresholds-file / --thresholds-path), usage from Telnyx or the built-in simulator, an
 * in-memory ledger (every run starts fresh) and alerts printed as subscribers would see them (or, with
 * --publish, sent through SNS).
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import { SnsAlertPublisher } from '../../functions/cost-alert/aws/sns-publisher';
import { type CheckLog, type CheckReport, runCheck } from '../../functions/cost-alert/check';
import { TOPIC_ARN } from '../../functions/cost-alert/config';
import { formatMoney, percentOf } from '../../functions/cost-alert/domain/money';
import { formatLocalDateTime, validateTimeZone } from '../../functions/cost-alert/domain/periods';
import { ConsolePublisher } from '../../functions/cost-alert/local/console-publisher';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { AlertPublisher } from '../../functions/cost-alert/ports';
import type { ClientLog } from '../../functions/cost-alert/telnyx/usage-client';
import { CliError, type CliIo } from './cli-io';
import { connectTelnyx, type TelnyxConnection } from './telnyx-connection';
import { formatTable } from './text-table';
import { TerminalLog } from './terminal-log';
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
}

export const DRY_RUN_NOTE = 'dry run: nothing was sent';

/** Runs the check and prints alerts, a table of spend against limits and any failures. Resolves with the exit code. */
export async function runCheckCommand(options: CheckOptions, io: CliIo): Promise<number> {
  const timeZone = resolveTimeZone(options.timeZone, io);
  const topicArn = options.publish ? requireTopicArn(options.topicArn) : undefined;
  if (!options.publish && options.topicArn !== undefined) {
    throw new CliError('--topic-arn is only used with --publish: add --publish to send the alerts, or leave --topic-arn out for a dry run');
  }
  const log = terminalOrPowertools(options.verbose, io);
  const thresholds = openThresholds({ file: options.thresholdsFile, path: options.thresholdsPath }, io);
  const sns = topicArn ? new SNSClient({}) : undefined;
  const publisher: AlertPublisher = sns && topicArn ? new SnsAlertPublisher(sns, topicArn) : new ConsolePublisher(io.stdout);
  const clock = io.clock ?? Date.now;
  let connection: TelnyxConnection | undefined;
  try {
    connection = await connectTelnyx(io, { baseUrl: options.baseUrl, concurrency: options.concurrency, log });
    if (topicArn && connection.simulated) {
      // The simulator's spend is made up: it must never reach real subscribers.
      throw new CliError('--publish needs TELNYX_API_KEY: without it the usage comes from the built-in simulator, and its made-up spend must not reach real subscribers');
    }
    io.stderr(`Checking thresholds from ${thresholds.label} against ${connection.source} (time zone ${timeZone})\n`);
    const report = await runCheck({
      thresholds: thresholds.store,
      usage: connection.client,
      ledger: new MemoryAlertLedger(),
      publisher,
      clock,
      log,
      timeZone,
    });
    io.stdout(formatCheckReport(report, topicArn));
    if (report.failures.length > 0) {
      io.stderr(`The check finished with ${report.failures.length} problem(s) (listed above): exit code 1\n`);
      return 1;
    }
    return 0;
  } finally {
    await connection?.close();
    thresholds.ssm?.destroy();
    sns?.destroy();
  }
}

/** The table of spend against limits, the alert summary and the failures. */
export function formatCheckReport(report: CheckReport, topicArn: string | undefined): string {
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
            { header: '' },
          ],
          rows,
        )
      : '(no threshold could be evaluated)\n';
  lines.push(table.trimEnd(), '');

  const bySeverity = new Map<string, number>();
  for (const { alert } of report.alerts) bySeverity.set(alert.severity, (bySeverity.get(alert.severity) ?? 0) + 1);
  const severities = ['critical', 'warning', 'error']
    .filter((severity) => bySeverity.has(severity))
    .map((severity) => `${bySeverity.get(severity)} ${severity}`)
    .join(', ');
  const count = `${report.alerts.length} alert${report.alerts.length === 1 ? '' : 's'}${severities ? ` (${severities})` : ''}`;
  if (topicArn) {
    const published = report.alerts.filter(({ outcome }) => outcome === 'published').length;
    lines.push(`${count}: ${published} published to ${topicArn}.`);
  } else {
    lines.push(
      `${count} printed above; ${DRY_RUN_NOTE}${report.alerts.length > 0 ? ' (add --publish --topic-arn ARN to send them through SNS)' : ''}.`,
    );
  }
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
    throw new CliError(`${where} "${name}" is not an IANA time zone: use a name such as UTC, Europe/Berlin or America/New_York`, 1, { cause: error });
  }
}

function requireTopicArn(topicArn: string | undefined): string {
  if (topicArn === undefined) {
    throw new CliError('--publish needs the topic to send to: add --topic-arn arn:aws:sns:REGION:ACCOUNT:TOPIC (the stack prints it as an output)');
  }
  if (!TOPIC_ARN.test(topicArn)) {
    throw new CliError(`--topic-arn "${topicArn}" is not an SNS topic ARN like arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts`);
  }
  return topicArn;
}

/** Powertools' JSON lines only when asked for (--verbose): on a terminal they drown the table. */
export function terminalOrPowertools(verbose: boolean | undefined, io: CliIo): CheckLog & ClientLog {
  return verbose ? new Logger({ serviceName: 'telnyx-cost-alert', logLevel: 'DEBUG' }) : new TerminalLog(io.stderr);
}
