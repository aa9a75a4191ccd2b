/** The command line: the program and its commands, each command (options, help and action) in its own module. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerCheckCommand } from './check-command';
import { CliError, type CliIo, EXIT, EXIT_CODES_HELP } from './cli-io';
import { messageOf } from '../../functions/cost-alert/domain/error-text';
import type { CommandContext } from './command-options';
import { registerDestinationsCommand } from './destinations-command';
import { registerDigestCommand } from './digest-command';
import { registerTestAlertCommand } from './test-alert-command';
import { registerThresholdsCommand } from './thresholds/command';
import { PACKAGE_ROOT } from './threshold-source';
import { registerUsageCommand } from './usage-command';

/** The package version, for --version. */
export const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs the CLI on `argv` (without node and the script) and resolves with the exit code. Never calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram({
    io,
    done: (code) => {
      exitCode = code;
    },
  });
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

function buildProgram(context: CommandContext): Command {
  const program = new Command('telnyx-cost-alert')
    .description("Compare today's and this month's Telnyx spend per product against limits, and look at usage.")
    .configureOutput({ writeOut: context.io.stdout, writeErr: context.io.stderr })
    .version(VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError();
  registerCheckCommand(program, context);
  registerThresholdsCommand(program, context);
  registerUsageCommand(program, context);
  registerTestAlertCommand(program, context);
  registerDigestCommand(program, context);
  registerDestinationsCommand(program, context);
  withExitCodesHelp(program);
  return program;
}

/** The exit codes at the end of every command's help, whichever module registered the command. */
function withExitCodesHelp(command: Command): void {
  command.addHelpText('after', EXIT_CODES_HELP);
  for (const subcommand of command.commands) withExitCodesHelp(subcommand);
}
