/** `thresholds delete PRODUCT`: removes one threshold, saying where first; `--dry-run` only says what it would remove. */
import type { Command } from 'commander';
import { describeThreshold } from '../../../functions/cost-alert/domain/threshold-text';
import { parseThresholdValue } from '../../../functions/cost-alert/domain/threshold-values';
import { CliError, type CliIo } from '../cli-io';
import { addThresholdOptions, type CommandContext, examples, type ThresholdCliOptions, thresholdLocation } from '../command-options';
import { checkProductName, DEFAULT_THRESHOLDS_PATH, type ThresholdLocation } from '../threshold-source';
import { openTarget, readExisting } from './threshold-target';

export interface DeleteOptions extends ThresholdLocation {
  readonly dryRun?: boolean;
}

/** Adds `thresholds delete`: its argument, options, help and action. */
export function registerDeleteCommand(thresholds: Command, { io, done }: CommandContext): void {
  const remove = thresholds
    .command('delete')
    .description(
      `Delete PRODUCT's threshold: the SSM parameter <path>/PRODUCT (default path ${DEFAULT_THRESHOLDS_PATH}) or a key of --thresholds-file. ` +
        'Says where and what first; the next check no longer checks the product. Exit code 1 when there is none.',
    )
    .argument('<product>', 'Telnyx product name (e.g. messaging), total or balance');
  addThresholdOptions(remove, 'delete from', {
    file: 'delete the key of this local JSON file instead (other keys are kept)',
    path: `SSM path of the thresholds (default: ${DEFAULT_THRESHOLDS_PATH})`,
  });
  remove
    .option('--dry-run', 'show where and what would be deleted, and delete nothing')
    .addHelpText('after', examples(['npx telnyx-cost-alert thresholds delete fax-api --dry-run', 'npx telnyx-cost-alert thresholds delete fax-api']))
    .action(async (product: string, options: ThresholdCliOptions & { dryRun?: boolean }) => {
      done(await deleteThresholdCommand(product, { ...thresholdLocation(options), dryRun: options.dryRun }, io));
    });
}

export async function deleteThresholdCommand(product: string, options: DeleteOptions, io: CliIo): Promise<number> {
  checkProductName(product);
  const target = openTarget(product, options, io);
  try {
    const stored = await readExisting(product, target);
    const value = stored.value.trim();
    const parsed = parseThresholdValue(value, product);
    const was = `${value} (${parsed.ok ? describeThreshold(parsed.settings) : 'not valid'})`;
    const where = await target.where();
    if (options.dryRun) {
      io.stdout(`Dry run, nothing was deleted: would delete ${where}, now ${was}.\n`);
      return 0;
    }
    io.stderr(`Deleting ${where}\n`);
    if (!(await target.remove())) throw new CliError(`${target.name} was already gone: nothing was deleted`);
    io.stdout(`Deleted ${target.name}, which was ${was}. The next check no longer checks ${product}.\n`);
    return 0;
  } finally {
    target.close();
  }
}
