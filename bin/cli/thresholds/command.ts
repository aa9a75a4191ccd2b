/** `thresholds`: the group, and one module per subcommand. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-options';
import { registerApplyCommand } from './apply';
import { registerDeleteCommand } from './delete';
import { registerGetCommand } from './get';
import { registerListCommand } from './list';
import { registerSetCommand } from './set';
import { registerValidateCommand } from './validate';

/** Adds `thresholds` and its subcommands. */
export function registerThresholdsCommand(program: Command, context: CommandContext): void {
  const thresholds = program
    .command('thresholds')
    .description('Validate, set, list, get, delete and apply thresholds (a JSON file locally, SSM Parameter Store when deployed).');
  registerValidateCommand(thresholds, context);
  registerSetCommand(thresholds, context);
  registerListCommand(thresholds, context);
  registerGetCommand(thresholds, context);
  registerDeleteCommand(thresholds, context);
  registerApplyCommand(thresholds, context);
}
