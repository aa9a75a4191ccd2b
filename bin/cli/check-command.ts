/**
 * `check`: the Lambda's check, run once on this machine with the embedded defaults: thresholds from the
 * sample file (or --thresholds-file / --thresholds-path), usage from Telnyx or the built-in simulator, an
 * in-memory ledger (every run starts fresh) and alerts printed as subscribers would see them (or, with
 * --publish, sent through SNS).
 */
import { type Command, Option } from 'commander';
import type { RunLog as CheckLog } from '../../functions/cost-alert/ports';
import { type CheckReport, runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { ConsolePublisher } from '../../functions/cost-alert/local/console-publisher';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { AlertPublisher } from '../../functions/cost-alert/ports';
import type { ClientLog } from '../../functions/cost-alert/telnyx/usage-client';
import { checkJson, formatCheckReport, summaryLine } from './check-report';
import { type CliIo, colorEnabled, EXIT, UsageError } from './cli-io';
import { messageOf } from '../../functions/cost-alert/domain/error-text';
import {
  addThresholdOptions,
  baseUrlOption,
  CLI,
  type CommandContext,
  concurrencyOption,
  examples,
  type ThresholdCliOptions,
  thresholdLocation,
  timeZoneOption,
} from './command-options';
import { openTopicPublisher, publishTopicArn, refuseSimulatedPublish } from './publish-target';
import { connectTelnyx, resolveConcurrency, type TelnyxConnection } from './telnyx-connection';
import { reportingCommandLog, SilentLog } from './terminal-log';
import { loadForCheck } from './threshold-load';
import { openThresholds } from './threshold-source';
import { resolveTimeZone } from './time-zone';

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

type CheckCliOptions = ThresholdCliOptions & Omit<CheckOptions, 'thresholdsFile' | 'thresholdsPath'>;

/** Adds `check`: its options, help and action. */
export function registerCheckCommand(program: Command, { io, done }: CommandContext): void {
  const check = program
    .command('check')
    .description(
      'Run the check once, as the Lambda does: read thresholds and usage, print alerts as email and SMS would show them, then a table of spend against limits. ' +
        'Without TELNYX_API_KEY it uses the built-in Telnyx simulator with a sample day.',
    );
  addThresholdOptions(check, 'read thresholds from');
  check
    .addOption(baseUrlOption())
    .addOption(timeZoneOption())
    .addOption(concurrencyOption())
    .addOption(
      new Option('-o, --output <format>', 'text for people, or json: one JSON document on stdout (schema in docs/cli.md)')
        .choices([...CHECK_OUTPUTS])
        .default('text'),
    )
    .addOption(new Option('--fail-on <level>', 'exit code 3 when an alert at or above this level was found (for cron and CI)').choices([...FAIL_ON_LEVELS]))
    .option('-q, --quiet', 'print the summary line only (no alert bodies, no table, no notes)')
    .option('--publish', 'send the alerts through SNS instead of printing them (needs --topic-arn; the local ledger is in memory, so every run sends again)')
    .option('--topic-arn <arn>', 'SNS topic to publish to with --publish')
    .option('--verbose', 'print JSON log lines (debug and info too) on stderr')
    .addHelpText(
      'after',
      examples([
        'npm start',
        `${CLI} check -o json > check.json`,
        'npx telnyx-cost-alert check --thresholds-file my-thresholds.json --time-zone Europe/Berlin',
        'TELNYX_API_KEY=KEY npx telnyx-cost-alert check --thresholds-path /telnyx-cost-alert/thresholds --fail-on critical',
      ]),
    )
    .action(async (options: CheckCliOptions) => {
      if (options.quiet && options.output === 'json')
        throw new UsageError('-q/--quiet is for the text output: leave it out with -o json (stdout then holds only the JSON)');
      const concurrency = resolveConcurrency(options.concurrency, io);
      const { file, path, thresholdsFile, thresholdsPath, ...rest } = options;
      const location = thresholdLocation({ file, path, thresholdsFile, thresholdsPath });
      done(await runCheckCommand({ ...rest, thresholdsFile: location.file, thresholdsPath: location.path, concurrency }, io));
    });
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
  const thresholds = await openThresholds({ file: options.thresholdsFile, path: options.thresholdsPath }, io);
  const topic = topicArn ? await openTopicPublisher(topicArn) : undefined;
  // Alert bodies are printed only in the full text output; a dry run otherwise hands them to no one.
  const publisher: AlertPublisher = topic ?? (output === 'text' && !quiet ? new ConsolePublisher(io.stdout) : { publish: () => Promise.resolve() });
  let connection: TelnyxConnection | undefined;
  try {
    // Read up front: thresholds that cannot be read are one error line, not an error alert about them.
    const store = await loadForCheck(thresholds).catch((error: unknown) => {
      // The one error line comes from main; --verbose adds the log line the Lambda would write.
      if (options.verbose) log.error('Could not read thresholds', { error: messageOf(error) });
      throw error;
    });
    connection = await connectTelnyx(notes, { baseUrl: options.baseUrl, concurrency: options.concurrency, log });
    refuseSimulatedPublish(topicArn, connection);
    notes.stderr(`Checking thresholds from ${thresholds.label} against ${connection.source} (time zone ${timeZone})\n`);
    const checked = await runCheck({
      thresholds: store,
      usage: connection.client,
      ledger: new MemoryAlertLedger(),
      publisher,
      clock: io.clock ?? Date.now,
      log,
      timeZone,
    });
    // Why publishing failed, once, before the list of alerts it left unsent.
    const report: CheckReport = { ...checked, failures: [...(topic?.reasons ?? []), ...checked.failures] };
    if (output === 'json') {
      io.stdout(`${JSON.stringify(checkJson(report, { topicArn, thresholdsSource: thresholds.label, usageSource: connection.source }), null, 2)}\n`);
    } else if (quiet) {
      io.stdout(`${summaryLine(report, topicArn)}\n`);
    } else {
      io.stdout(formatCheckReport(report, topicArn, colorEnabled(io)));
    }
    return exitCodeOf(report, options, notes, output === 'text' && !quiet);
  } finally {
    await connection?.close();
    thresholds.ssm?.destroy();
    topic?.close();
  }
}

/** 1 on a problem or an error alert, 3 on an alert at or above --fail-on, else 0; each said on stderr. */
function exitCodeOf(report: CheckReport, options: CheckOptions, notes: CliIo, printedAbove: boolean): number {
  if (report.failures.length > 0) {
    notes.stderr(`The check finished with ${report.failures.length} problem(s)${options.output !== 'json' ? ' (listed above)' : ''}: exit code 1\n`);
    return EXIT.problem;
  }
  // Some error alerts leave the run green (a filter that matched nothing: a quiet day looks the same), but
  // for the exit code an error alert is a problem: cron and CI must not read "0" while one is sent.
  const errors = report.alerts.filter(({ alert }) => alert.severity === 'error').length;
  if (errors > 0) {
    notes.stderr(`The check found ${errors} error alert(s)${printedAbove ? ' (printed above)' : ''}: exit code 1\n`);
    return EXIT.problem;
  }
  const found = options.failOn && report.alerts.filter(({ alert }) => atOrAbove(alert.severity, options.failOn ?? 'critical'));
  if (found && found.length > 0) {
    notes.stderr(`${found.length} alert(s) at or above ${options.failOn} (--fail-on ${options.failOn}): exit code 3\n`);
    return EXIT.alertFound;
  }
  return EXIT.ok;
}

/** warning < critical; error alerts are problems (exit code 1), never counted here. */
function atOrAbove(severity: string, level: FailOnLevel): boolean {
  const rank: Record<string, number> = { warning: 1, critical: 2 };
  return (rank[severity] ?? 0) >= rank[level]!;
}

/**
 * JSON log lines only when asked for (--verbose: on a terminal they drown the table), always on stderr; none
 * with -q. Without --verbose only warnings: every error of a check is in its problems list already.
 */
function checkLog(options: CheckOptions, io: CliIo): CheckLog & ClientLog {
  if (options.quiet && options.output !== 'json' && !options.verbose) return new SilentLog();
  return reportingCommandLog(options.verbose, io);
}
