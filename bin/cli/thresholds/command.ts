/** `thresholds`: the group, and one module per subcommand. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-options';
import { registerListCommand } from './list';
import { registerSetCommand } from './set';
import { registerValidateCommand } from './validate';

/** Adds `thresholds` and its subcommands. */
export function registerThresholdsCommand(program: Command, context: CommandContext): void {
  const thresholds = program.command('thresholds').description('Validate, set and list thresholds (a JSON file locally, SSM Parameter Store when deployed).');
  registerValidateCommand(thresholds, context);
  registerSetCommand(thresholds, context);
  registerListCommand(thresholds, context);
}
