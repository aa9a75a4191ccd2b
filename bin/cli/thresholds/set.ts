/** `thresholds set PRODUCT VALUE`: validated with the check's own parser first; nothing is written when it is refused. */
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Command } from 'commander';
import { putThreshold } from '../../../functions/cost-alert/aws/ssm-thresholds';
import { describeThreshold, judgeThresholds, parseThresholdValue } from '../../../functions/cost-alert/domain/thresholds';
import { CliError, type CliIo, UsageError, withAwsHint } from '../cli-io';
import { addThresholdOptions, baseUrlOption, type CommandContext, examples, type ThresholdCliOptions, thresholdLocation } from '../command-options';
import { checkProductName, checkSsmPath, DEFAULT_THRESHOLDS_PATH, resolveFile } from '../threshold-source';
import { type CatalogOptions, productsToCheckAgainst } from './catalog';
import { writeFileThreshold } from './file-edit';
import { describeTarget } from './ssm-target';
import type { ValidateOptions } from './validate';

export interface SetOptions extends ValidateOptions {
  /** Show where and what would be written, and write nothing. */
  readonly dryRun?: boolean;
}

/** Adds `thresholds set`: its arguments, options, help and action. */
export function registerSetCommand(thresholds: Command, { io, done }: CommandContext): void {
  const set = thresholds
    .command('set')
    .description(
      `Validate a value and write it as PRODUCT's threshold: the SSM parameter <path>/PRODUCT (String, overwritten; default path ${DEFAULT_THRESHOLDS_PATH}), or a key of --thresholds-file. ` +
        'Says where it writes (parameter, region, account) first; an invalid value is refused and nothing is written.',
    )
    .argument('<product>', 'Telnyx product name (e.g. messaging, sip-trunking) or total')
    .argument('<value>', 'a daily limit in USD (50) or JSON, e.g. \'{"daily": 50, "monthly": 900, "warnAt": [0.8]}\'');
  addThresholdOptions(set, 'write to', {
    file: 'update this local JSON file instead (other keys are kept)',
    path: `SSM path of the thresholds (default: ${DEFAULT_THRESHOLDS_PATH})`,
  });
  set
    .option('--dry-run', 'show where and what would be written, and write nothing')
    .option('--offline', 'do not ask Telnyx whether the product exists')
    .addOption(baseUrlOption())
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert thresholds set messaging 50 --dry-run',
        'npx telnyx-cost-alert thresholds set total \'{"daily": 100, "monthly": 2000, "warnAt": [0.5, 0.8]}\'',
        'npx telnyx-cost-alert thresholds set sip-trunking \'{"daily": 30, "warnAt": [0.8]}\' --thresholds-file my-thresholds.json',
      ]),
    )
    .action(async (product: string, value: string, options: ThresholdCliOptions & CatalogOptions & { dryRun?: boolean }) => {
      done(
        await setThresholdCommand(
          product,
          value,
          { ...thresholdLocation(options), offline: options.offline, baseUrl: options.baseUrl, dryRun: options.dryRun },
          io,
        ),
      );
    });
}

/** Validates the value first (nothing is written when it is refused), then writes it to SSM or the JSON file. */
export async function setThresholdCommand(product: string, value: string, options: SetOptions, io: CliIo): Promise<number> {
  checkProductName(product);
  if (options.file !== undefined && options.path !== undefined) {
    throw new UsageError('give either --thresholds-file or --thresholds-path, not both');
  }
  const text = value.trim();
  const result = parseThresholdValue(text, product);
  if (!result.ok) {
    io.stderr(`Refused, nothing was written: the value for ${product} is not valid.\n`);
    io.stderr(result.issues.map((issue) => `  - ${issue}\n`).join(''));
    io.stderr(`${result.message.slice(result.issues.join(' ').length).trim()}\n`);
    return 1;
  }
  const path = options.file === undefined ? checkSsmPath(options.path ?? DEFAULT_THRESHOLDS_PATH) : DEFAULT_THRESHOLDS_PATH;
  const catalog = await productsToCheckAgainst(options, io);
  if (catalog) {
    // The check's judge: an unknown product or a filter dimension the product lacks is refused as the check would.
    const unknown = judgeThresholds([{ name: `${path}/${product}`, value: text }], { path }, catalog).problems[0];
    if (unknown) {
      io.stderr(`Refused, nothing was written: ${unknown.message.slice(`${unknown.parameterName}: `.length)}\n`);
      return 1;
    }
  }
  const described = describeThreshold(result.settings);
  if (options.file !== undefined) {
    const file = resolveFile(options.file, io);
    if (options.dryRun) {
      io.stdout(`Dry run, nothing was written: would set "${product}" in ${file} to ${text} (${described}).\n`);
      return 0;
    }
    await writeFileThreshold(file, product, text, io);
    io.stdout(`Set "${product}" in ${file}: ${described}\n`);
    return 0;
  }
  const name = `${path}/${product}`;
  const ssm = new SSMClient({});
  try {
    // Say where before writing: the parameter, the region and the account the credentials belong to.
    const target = await describeTarget(ssm, name);
    if (options.dryRun) {
      io.stdout(`Dry run, nothing was written: would set ${target} to ${text} (${described}).\n`);
      return 0;
    }
    io.stderr(`Writing ${target}\n`);
    await putThreshold(ssm, name, text);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(withAwsHint(error), 1, { cause: error });
  } finally {
    ssm.destroy();
  }
  io.stdout(`Set ${name} = ${text} (${described}). The next scheduled check reads it; no redeploy needed.\n`);
  return 0;
}
