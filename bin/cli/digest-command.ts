/**
 * `digest`: the daily digest the Lambda sends on `{"action": "digest"}`, made once on this machine: thresholds
 * from the sample file (or --thresholds-file / --thresholds-path), usage from Telnyx or the built-in simulator,
 * an in-memory ledger, and the digest printed as email and SMS subscribers would see it (or, with --publish and
 * a real key, sent through SNS).
 */
import { type Command, Option } from 'commander';
import { DigestFailedError, runDigest } from '../../functions/cost-alert/use-cases/digest/run-digest';
import { ConsolePublisher } from '../../functions/cost-alert/local/console-publisher';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { AlertPublisher } from '../../functions/cost-alert/ports';
import type { CheckOptions } from './check-command';
import { CliError, type CliIo } from './cli-io';
import { baseUrlOption, type CommandContext, concurrencyOption, refusePathOfProduct } from './command-options';
import { DRY_RUN_NOTE, openTopicPublisher, publishTopicArn, refuseSimulatedPublish } from './publish-target';
import { connectTelnyx, resolveConcurrency, type TelnyxConnection } from './telnyx-connection';
import { reportingCommandLog } from './terminal-log';
import { openThresholds } from './threshold-source';
import { resolveTimeZone } from './time-zone';

/** The check's options without its output choices (the digest prints as email and SMS would show it). */
export type DigestOptions = Pick<
  CheckOptions,
  'thresholdsFile' | 'thresholdsPath' | 'baseUrl' | 'timeZone' | 'concurrency' | 'publish' | 'topicArn' | 'verbose'
>;

/** Makes the digest and prints it (or publishes it). Resolves with the exit code: 1 when a product could not be read. */
export async function runDigestCommand(options: DigestOptions, io: CliIo): Promise<number> {
  const timeZone = resolveTimeZone(options.timeZone, io);
  const topicArn = publishTopicArn(options, 'the digest');
  const log = reportingCommandLog(options.verbose, io);
  const thresholds = await openThresholds({ file: options.thresholdsFile, path: options.thresholdsPath }, io);
  const topic = topicArn ? await openTopicPublisher(topicArn) : undefined;
  const publisher: AlertPublisher = topic ?? new ConsolePublisher(io.stdout);
  let connection: TelnyxConnection | undefined;
  try {
    connection = await connectTelnyx(io, { baseUrl: options.baseUrl, concurrency: options.concurrency, log });
    refuseSimulatedPublish(topicArn, connection);
    io.stderr(`Making the digest from ${connection.source} with thresholds from ${thresholds.label} (time zone ${timeZone})\n`);
    let report;
    try {
      report = await runDigest({
        thresholds: thresholds.store,
        usage: connection.client,
        ledger: new MemoryAlertLedger(),
        publisher,
        clock: io.clock ?? Date.now,
        log,
        timeZone,
      });
    } catch (error) {
      // A publish that failed says why in the command line's terms (--topic-arn), not the Lambda's.
      const reason = topic?.reasons[0];
      if (error instanceof DigestFailedError) throw new CliError(reason ? `the digest was not sent: ${reason}` : error.message, 1, { cause: error });
      throw error;
    }
    io.stdout(
      topicArn
        ? `Digest ${report.key} published to ${topicArn} (${report.queries} usage queries).\n`
        : `Digest ${report.key} printed above (${report.queries} usage queries); ${DRY_RUN_NOTE} (add --publish --topic-arn ARN to send it through SNS).\n`,
    );
    if (report.failures.length > 0) {
      io.stderr(`The digest was made with ${report.failures.length} problem(s):\n${report.failures.map((failure) => `  - ${failure}\n`).join('')}`);
      return 1;
    }
    return 0;
  } finally {
    await connection?.close();
    thresholds.ssm?.destroy();
    topic?.close();
  }
}

/** Adds `digest`: its options, help and action. */
export function registerDigestCommand(program: Command, { io, done }: CommandContext): void {
  program
    .command('digest')
    .description(
      'Make the daily digest once, as the Lambda does on {"action": "digest"}: yesterday\'s spend per product against the 7-day average, the month to date ' +
        "and its forecast, each threshold's share and a 14-day sparkline, printed as email and SMS. Without TELNYX_API_KEY it uses the built-in simulator. " +
        'Exit code 1 when a product could not be read.',
    )
    .addOption(new Option('--thresholds-file <file>', 'thresholds JSON file (default: the sample thresholds)').conflicts('thresholdsPath'))
    .addOption(new Option('--thresholds-path <path>', 'read thresholds from this SSM Parameter Store path instead, e.g. /telnyx-cost-alert/thresholds'))
    .addOption(baseUrlOption())
    .addOption(new Option('--time-zone <zone>', 'IANA time zone that defines "yesterday" and "this month" (default: TIME_ZONE or UTC)'))
    .addOption(concurrencyOption())
    .option('--publish', 'send the digest through SNS instead of printing it (needs --topic-arn and TELNYX_API_KEY)')
    .option('--topic-arn <arn>', 'SNS topic to publish to with --publish')
    .option('--verbose', "print Powertools' JSON log lines (info and debug too)")
    .addHelpText(
      'after',
      '\nExamples:\n  npx telnyx-cost-alert digest\n  npx telnyx-cost-alert digest --time-zone Europe/Berlin --thresholds-file my-thresholds.json\n',
    )
    .action(async (options: DigestOptions) => {
      if (options.thresholdsPath !== undefined) refusePathOfProduct(options.thresholdsPath);
      done(await runDigestCommand({ ...options, concurrency: resolveConcurrency(options.concurrency, io) }, io));
    });
}
