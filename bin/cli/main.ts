/** The command line: commands, options and --help (commander), each command's work in its own module. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError, type CliIo, messageOf } from './cli-io';
import { runCheckCommand } from './check-command';
import { listThresholdsCommand, setThresholdCommand, validateThresholdsCommand } from './thresholds-command';
import { DEFAULT_THRESHOLDS_PATH, SAMPLE_THRESHOLDS_FILE } from './threshold-source';
import { OUTPUT_FORMATS, usageCommand } from './usage-command';

/** Runs the CLI on `argv` (without node and the script) and resolves with the exit code. Never calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has already printed its own message (unknown option, missing argument) or the help.
    if (error instanceof CommanderError) return error.exitCode;
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
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError();

  const baseUrl = () => new Option('--base-url <url>', 'Telnyx API base URL, used with TELNYX_API_KEY (default: TELNYX_API_BASE_URL or https://api.telnyx.com/v2)');
  const timeZone = () => new Option('--time-zone <zone>', 'IANA time zone that defines "today" and "this month" (default: TIME_ZONE or UTC)');

  program
    .command('check')
    .description(
      'Run the check once, as the Lambda does: read thresholds and usage, print alerts as email and SMS would show them, then a table of spend against limits. ' +
        'Without TELNYX_API_KEY it uses the built-in Telnyx simulator with a sample day. Exit code 1 when the check found problems.',
    )
    .addOption(new Option('--thresholds-file <file>', `thresholds JSON file (default: ${relativeSample()})`).conflicts('thresholdsPath'))
    .addOption(new Option('--thresholds-path <path>', 'read thresholds from this SSM Parameter Store path instead, e.g. /telnyx-cost-alert/thresholds'))
    .addOption(baseUrl())
    .addOption(timeZone())
    .addOption(new Option('--concurrency <n>', 'Telnyx requests in flight at once, 1-10 (default: TELNYX_MAX_CONCURRENCY or 2)').argParser(concurrency))
    .option('--publish', 'send the alerts through SNS instead of printing them (needs --topic-arn; the local ledger is in memory, so every run sends again)')
    .option('--topic-arn <arn>', 'SNS topic to publish to with --publish')
    .option('--verbose', "print Powertools' JSON log lines (info and debug too)")
    .addHelpText('after', '\nExamples:\n  npm start\n  npx telnyx-cost-alert check --thresholds-file my-thresholds.json --time-zone Europe/Berlin\n  TELNYX_API_KEY=KEY npx telnyx-cost-alert check --thresholds-path /telnyx-cost-alert/thresholds\n')
    .action(async (options: { thresholdsFile?: string; thresholdsPath?: string; baseUrl?: string; timeZone?: string; concurrency?: number; publish?: boolean; topicArn?: string; verbose?: boolean }) => {
      const fromEnv = io.env.TELNYX_MAX_CONCURRENCY?.trim();
      let envConcurrency: number | undefined;
      try {
        envConcurrency = fromEnv ? concurrency(fromEnv) : undefined;
      } catch (error) {
        throw new CliError(`TELNYX_MAX_CONCURRENCY "${fromEnv}" ${messageOf(error)}: fix or unset it, or pass --concurrency`);
      }
      done(await runCheckCommand({ ...options, concurrency: options.concurrency ?? envConcurrency }, io));
    });

  const thresholds = program.command('thresholds').description('Validate, set and list thresholds (a JSON file locally, SSM Parameter Store when deployed).');
  const file = (what: string) => new Option('--file <file>', `${what} this JSON file (default: ${relativeSample()})`).conflicts('path');
  const path = (what: string) => new Option('--path <path>', `${what} the SSM parameters under this path, e.g. ${DEFAULT_THRESHOLDS_PATH}`);

  thresholds
    .command('validate')
    .description('List every problem in the thresholds (parameter and message; exit code 1 on any) and describe the valid ones.')
    .addOption(file('validate'))
    .addOption(path('validate'))
    .option('--offline', 'do not ask Telnyx which products exist (product names are then not checked)')
    .addOption(baseUrl())
    .addHelpText('after', '\nExamples:\n  npx telnyx-cost-alert thresholds validate --file my-thresholds.json\n  TELNYX_API_KEY=KEY npx telnyx-cost-alert thresholds validate --path /telnyx-cost-alert/thresholds\n')
    .action(async (options: { file?: string; path?: string; offline?: boolean; baseUrl?: string }) => {
      done(await validateThresholdsCommand(options, io));
    });

  thresholds
    .command('set')
    .description(
      `Validate a value and write it as PRODUCT's threshold: the SSM parameter <path>/PRODUCT (String, overwritten; default path ${DEFAULT_THRESHOLDS_PATH}), or a key of --file. An invalid value is refused and nothing is written.`,
    )
    .argument('<product>', 'Telnyx product name (e.g. messaging, sip-trunking) or total')
    .argument('<value>', 'a daily limit in USD (50) or JSON, e.g. \'{"daily": 50, "monthly": 900, "warnAt": [0.8]}\'')
    .addOption(new Option('--path <path>', `SSM path of the thresholds (default: ${DEFAULT_THRESHOLDS_PATH})`))
    .addOption(new Option('--file <file>', 'update this local JSON file instead (other keys are kept)').conflicts('path'))
    .option('--offline', 'do not ask Telnyx whether the product exists')
    .addOption(baseUrl())
    .addHelpText(
      'after',
      '\nExamples:\n  npx telnyx-cost-alert thresholds set messaging 50\n  npx telnyx-cost-alert thresholds set total \'{"daily": 100, "monthly": 2000, "warnAt": [0.5, 0.8]}\'\n  npx telnyx-cost-alert thresholds set sip-trunking \'{"daily": 30, "warnAt": [0.8]}\' --file my-thresholds.json\n',
    )
    .action(async (product: string, value: string, options: { path?: string; file?: string; offline?: boolean; baseUrl?: string }) => {
      done(await setThresholdCommand(product, value, options, io));
    });

  thresholds
    .command('list')
    .description("Each threshold beside today's spend (and this month's where it has a monthly limit). Uses the built-in simulator without TELNYX_API_KEY.")
    .addOption(file('list'))
    .addOption(path('list'))
    .addOption(baseUrl())
    .addOption(timeZone())
    .addHelpText('after', '\nExamples:\n  npx telnyx-cost-alert thresholds list\n  TELNYX_API_KEY=KEY npx telnyx-cost-alert thresholds list --path /telnyx-cost-alert/thresholds\n')
    .action(async (options: { file?: string; path?: string; baseUrl?: string; timeZone?: string }) => {
      done(await listThresholdsCommand(options, io));
    });

  program
    .command('usage')
    .description(
      'Show a Telnyx usage report for one product (the built-in simulator without TELNYX_API_KEY). Costs are exact; the currency is always requested with cost.',
    )
    .argument('[product]', 'Telnyx product, e.g. messaging (see --products)')
    .option('--dimensions <list>', 'comma-separated dimensions to break out, e.g. direction,country_iso', list)
    .option('--metrics <list>', 'comma-separated metrics (default: cost), e.g. cost,count', list)
    .option('--filter <dimension=value>', 'only rows with this value, e.g. direction=outbound (repeatable)', collect, [])
    .option('--start <date>', 'window start, inclusive: 2026-11-01 (00:00 UTC) or 2026-11-01T12:00:00Z')
    .option('--end <date>', 'window end, exclusive (default: now); at most 31 days after --start')
    .option('--date-range <range>', 'today (default), yesterday, this_month, last_month, last_N_days, last_N_hours, last_N_weeks')
    .option('--sort <list>', 'comma-separated sort keys, e.g. -cost', list)
    .option('--managed-accounts', 'include your managed accounts (rows carry user_id)')
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .option('--products', 'list the products with a cost metric and their dimensions')
    .option('--hourly', 'cost per hour of the last 24 hours (TIME_ZONE\'s clock) with a bar per hour, to see a spike')
    .option('--hours <n>', 'with --hourly: how many hours, 1-48 (default 24)', Number)
    .addOption(baseUrl())
    .addHelpText(
      'after',
      '\nExamples:\n  npx telnyx-cost-alert usage messaging --dimensions direction,country_iso --sort -cost\n  npx telnyx-cost-alert usage sip-trunking --date-range this_month --dimensions date --format csv\n  npx telnyx-cost-alert usage --products\n  npx telnyx-cost-alert usage messaging --hourly --hours 36 --filter direction=outbound\n',
    )
    .action(async (product: string | undefined, options: Parameters<typeof usageCommand>[1]) => {
      done(await usageCommand(product, options, io));
    });

  return program;
}

function relativeSample(): string {
  return SAMPLE_THRESHOLDS_FILE.slice(SAMPLE_THRESHOLDS_FILE.indexOf('functions/'));
}

function concurrency(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1 || value > 10) {
    throw new InvalidArgumentError('must be a whole number from 1 to 10 (default 2: the usage endpoint throttles hard)');
  }
  return value;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
