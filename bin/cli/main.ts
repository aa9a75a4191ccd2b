/** The command line: commands, options and --help (commander), each command's work in its own module. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { CHECK_OUTPUTS, type CheckOutput, FAIL_ON_LEVELS, type FailOnLevel, runCheckCommand } from './check-command';
import { CliError, type CliIo, EXIT, EXIT_CODES_HELP, messageOf, UsageError } from './cli-io';
import { registerDestinationsCommand } from './destinations-command';
import { registerDigestCommand } from './digest-command';
import { parseConcurrency, resolveConcurrency } from './telnyx-connection';
import { DEFAULT_STACK_NAME, TEST_SEVERITIES, type TestSeverity, testAlertCommand } from './test-alert-command';
import { listThresholdsCommand, setThresholdCommand, validateThresholdsCommand } from './thresholds-command';
import { DEFAULT_THRESHOLDS_PATH, PACKAGE_ROOT, SAMPLE_THRESHOLDS_FILE, type ThresholdLocation } from './threshold-source';
import { OUTPUT_FORMATS, type OutputFormat, usageCommand } from './usage-command';

/** The package version, for --version. */
export const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** How the CLI is run in examples whose output goes to a file or a pipe: npm's own banner would pollute it. */
const CLI = 'npm run -s cli --';

/** Runs the CLI on `argv` (without node and the script) and resolves with the exit code. Never calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  withExitCodesHelp(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has already printed its own message (unknown option, missing argument) or the help/version.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof CliError) {
      io.stderr(`error: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`error: ${messageOf(error)}\n`);
    return 1;
  }
}

function buildProgram(io: CliIo, done: (exitCode: number) => void): Command {
  const program = new Command('telnyx-cost-alert')
    .description("Compare today's and this month's Telnyx spend per product against limits, and look at usage.")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .version(VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError();

  const baseUrl = () =>
    new Option('--base-url <url>', 'Telnyx API base URL, used with TELNYX_API_KEY (default: TELNYX_API_BASE_URL or https://api.telnyx.com/v2)');
  const timeZone = () => new Option('--time-zone <zone>', 'IANA time zone that defines "today" and "this month" (default: TIME_ZONE or UTC)');
  // One spelling everywhere: --thresholds-file / --thresholds-path; --file / --path stay as hidden aliases.
  const thresholdOptions = (
    command: Command,
    what: string,
    help = {
      file: `${what} this JSON file (default: ${relativeSample()})`,
      path: `${what} the SSM parameters under this path instead, e.g. ${DEFAULT_THRESHOLDS_PATH}`,
    },
  ) =>
    command
      .addOption(new Option('--thresholds-file <file>', help.file).conflicts(['thresholdsPath', 'path']))
      .addOption(new Option('--thresholds-path <path>', help.path).conflicts('file'))
      .addOption(new Option('--file <file>').hideHelp().conflicts(['thresholdsPath', 'path']))
      .addOption(new Option('--path <path>').hideHelp().conflicts('file'));
  // Commander ends each help text with a newline of its own.
  const examples = (lines: readonly string[]) => `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}`;

  const check = program
    .command('check')
    .description(
      'Run the check once, as the Lambda does: read thresholds and usage, print alerts as email and SMS would show them, then a table of spend against limits. ' +
        'Without TELNYX_API_KEY it uses the built-in Telnyx simulator with a sample day.',
    );
  thresholdOptions(check, 'read thresholds from');
  check
    .addOption(baseUrl())
    .addOption(timeZone())
    .addOption(new Option('--concurrency <n>', 'Telnyx requests in flight at once, 1-10 (default: TELNYX_MAX_CONCURRENCY or 2)').argParser(parseConcurrency))
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

  const thresholds = program.command('thresholds').description('Validate, set and list thresholds (a JSON file locally, SSM Parameter Store when deployed).');

  const validate = thresholds
    .command('validate')
    .description('List every problem in the thresholds (parameter and message; exit code 1 on any) and describe the valid ones.');
  thresholdOptions(validate, 'validate');
  validate
    .option('--offline', 'do not ask Telnyx which products exist (product names, filter dimensions and values are then not checked)')
    .addOption(baseUrl())
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert thresholds validate --thresholds-file my-thresholds.json',
        'TELNYX_API_KEY=KEY npx telnyx-cost-alert thresholds validate --thresholds-path /telnyx-cost-alert/thresholds',
      ]),
    )
    .action(async (options: ThresholdCliOptions & { offline?: boolean; baseUrl?: string }) => {
      done(await validateThresholdsCommand({ ...thresholdLocation(options), offline: options.offline, baseUrl: options.baseUrl }, io));
    });

  const set = thresholds
    .command('set')
    .description(
      `Validate a value and write it as PRODUCT's threshold: the SSM parameter <path>/PRODUCT (String, overwritten; default path ${DEFAULT_THRESHOLDS_PATH}), or a key of --thresholds-file. ` +
        'Says where it writes (parameter, region, account) first; an invalid value is refused and nothing is written.',
    )
    .argument('<product>', 'Telnyx product name (e.g. messaging, sip-trunking) or total')
    .argument('<value>', 'a daily limit in USD (50) or JSON, e.g. \'{"daily": 50, "monthly": 900, "warnAt": [0.8]}\'');
  thresholdOptions(set, 'write to', {
    file: 'update this local JSON file instead (other keys are kept)',
    path: `SSM path of the thresholds (default: ${DEFAULT_THRESHOLDS_PATH})`,
  });
  set
    .option('--dry-run', 'show where and what would be written, and write nothing')
    .option('--offline', 'do not ask Telnyx whether the product exists')
    .addOption(baseUrl())
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert thresholds set messaging 50 --dry-run',
        'npx telnyx-cost-alert thresholds set total \'{"daily": 100, "monthly": 2000, "warnAt": [0.5, 0.8]}\'',
        'npx telnyx-cost-alert thresholds set sip-trunking \'{"daily": 30, "warnAt": [0.8]}\' --thresholds-file my-thresholds.json',
      ]),
    )
    .action(async (product: string, value: string, options: ThresholdCliOptions & { offline?: boolean; baseUrl?: string; dryRun?: boolean }) => {
      done(
        await setThresholdCommand(
          product,
          value,
          { ...thresholdLocation(options), offline: options.offline, baseUrl: options.baseUrl, dryRun: options.dryRun },
          io,
        ),
      );
    });

  const list = thresholds
    .command('list')
    .description("Each threshold beside today's spend (and this month's where it has a monthly limit). Uses the built-in simulator without TELNYX_API_KEY.");
  thresholdOptions(list, 'list');
  list
    .addOption(baseUrl())
    .addOption(timeZone())
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert thresholds list',
        'TELNYX_API_KEY=KEY npx telnyx-cost-alert thresholds list --thresholds-path /telnyx-cost-alert/thresholds',
      ]),
    )
    .action(async (options: ThresholdCliOptions & { baseUrl?: string; timeZone?: string }) => {
      done(await listThresholdsCommand({ ...thresholdLocation(options), baseUrl: options.baseUrl, timeZone: options.timeZone }, io));
    });

  program
    .command('usage')
    .description(
      'Show a Telnyx usage report for one product (the built-in simulator without TELNYX_API_KEY). Costs are exact; the currency is always requested with cost.',
    )
    .argument('[product]', 'Telnyx product, e.g. messaging (see --products)')
    .option('--dimensions <list>', 'comma-separated dimensions to break out, e.g. direction,country_iso', commaList)
    .option('--metrics <list>', 'comma-separated metrics (default: cost), e.g. cost,count', commaList)
    .option('--filter <dimension=value>', 'only rows with this value, e.g. direction=outbound (repeatable)', collect, [])
    .option('--start <date>', 'window start, inclusive: 2026-11-01 (00:00 UTC) or 2026-11-01T12:00:00Z')
    .option('--end <date>', 'window end, exclusive (default: now); at most 31 days after --start')
    .option('--date-range <range>', 'today (default), yesterday, this_month, last_month, last_N_days, last_N_hours, last_N_weeks')
    .option('--sort <list>', 'comma-separated sort keys, e.g. -cost', commaList)
    .option('--managed-accounts', 'include your managed accounts (rows carry user_id)')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...OUTPUT_FORMATS]))
    .addOption(new Option('--format <format>').choices([...OUTPUT_FORMATS]).hideHelp())
    .option('--products', 'list the products with a cost metric and their dimensions')
    .option('--hourly', "cost per hour of the last 24 hours (TIME_ZONE's clock) with a bar per hour, to see a spike")
    .option('--hours <n>', 'with --hourly: how many hours, 1-48 (default 24)', Number)
    .addOption(baseUrl())
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert usage messaging --dimensions direction,country_iso --sort -cost',
        `${CLI} usage sip-trunking --date-range this_month --dimensions date -o csv > sip-trunking.csv`,
        'npx telnyx-cost-alert usage --products',
        'npx telnyx-cost-alert usage messaging --hourly --hours 36 --filter direction=outbound',
      ]),
    )
    .action(async (product: string | undefined, options: Parameters<typeof usageCommand>[1] & { output?: OutputFormat }) => {
      if (options.output !== undefined && options.format !== undefined && options.output !== options.format) {
        throw new UsageError('give the format once: -o/--output (--format is its old spelling)');
      }
      const { output, ...rest } = options;
      done(await usageCommand(product, { ...rest, format: output ?? options.format ?? 'table' }, io));
    });

  program
    .command('test-alert')
    .description(
      'Publish one clearly marked test message through the alert topic (subject "[TEST] ...", attributes signal=test, product=all) to prove delivery after a deploy: email, SMS, chat channels and the relay\'s destinations. ' +
        'With --destinations-file, post it straight to a local destinations list instead.',
    )
    .option('--topic-arn <arn>', 'the alert topic (the stack output AlertTopicArn)')
    .option('--stack <name>', `read the topic from this deployed stack's AlertTopicArn output (default when no --topic-arn: ${DEFAULT_STACK_NAME})`)
    .addOption(
      new Option('--severity <level>', 'severity attribute: critical passes the default SMS filter (critical, error)')
        .choices([...TEST_SEVERITIES])
        .default('critical'),
    )
    .option('--destinations-file <file>', 'post the test alert straight to this local destinations list (as the relay would), instead of publishing it')
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert test-alert --stack TelnyxCostAlert',
        'npx telnyx-cost-alert test-alert --topic-arn arn:aws:sns:us-east-1:123456789012:TelnyxCostAlert-Alerts --severity warning',
        'npx telnyx-cost-alert test-alert --destinations-file destinations.json',
      ]),
    )
    .action(async (options: { topicArn?: string; stack?: string; severity?: TestSeverity; destinationsFile?: string }) => {
      done(await testAlertCommand(options, io));
    });

  registerDigestCommand(program, io, done);
  registerDestinationsCommand(program, io, done);
  return program;
}

/** The exit codes at the end of every command's help, whichever module registered the command. */
function withExitCodesHelp(command: Command): void {
  command.addHelpText('after', EXIT_CODES_HELP);
  for (const subcommand of command.commands) withExitCodesHelp(subcommand);
}

function relativeSample(): string {
  return SAMPLE_THRESHOLDS_FILE.slice(SAMPLE_THRESHOLDS_FILE.indexOf('functions/'));
}

interface ThresholdCliOptions {
  thresholdsFile?: string;
  thresholdsPath?: string;
  /** Hidden old spellings. */
  file?: string;
  path?: string;
}

interface CheckCliOptions extends ThresholdCliOptions {
  baseUrl?: string;
  timeZone?: string;
  concurrency?: number;
  output?: CheckOutput;
  failOn?: FailOnLevel;
  quiet?: boolean;
  publish?: boolean;
  topicArn?: string;
  verbose?: boolean;
}

/** The thresholds' location from either spelling; the same option given twice in both spellings is refused. */
function thresholdLocation(options: ThresholdCliOptions): ThresholdLocation {
  if (options.thresholdsFile !== undefined && options.file !== undefined) throw new UsageError('give --thresholds-file once (--file is its old spelling)');
  if (options.thresholdsPath !== undefined && options.path !== undefined) throw new UsageError('give --thresholds-path once (--path is its old spelling)');
  return { file: options.thresholdsFile ?? options.file, path: options.thresholdsPath ?? options.path };
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
