/**
 * `thresholds set PRODUCT VALUE` replaces the value; `thresholds set PRODUCT --daily 60 ...` changes those fields
 * and keeps the rest. Either way the new value is validated with the check's own parser first (nothing is
 * written when it is refused), the current and the new value are shown, and where it writes is said before.
 */
import type { Command } from 'commander';
import { droppedFields, thresholdWarnings } from '../../../functions/cost-alert/domain/threshold-edit';
import { fieldChanges } from '../../../functions/cost-alert/domain/threshold-plan';
import { describeThreshold } from '../../../functions/cost-alert/domain/threshold-text';
import { judgeThresholds } from '../../../functions/cost-alert/domain/threshold-judge';
import { parameterSizeProblem } from '../../../functions/cost-alert/domain/parameter-size';
import { parseThresholdValue, type ThresholdSettings } from '../../../functions/cost-alert/domain/threshold-values';
import { type CliIo, UsageError } from '../cli-io';
import { addThresholdOptions, baseUrlOption, type CommandContext, examples, type ThresholdCliOptions, thresholdLocation } from '../command-options';
import { checkSsmPath, DEFAULT_THRESHOLDS_PATH } from '../threshold-source';
import { type CatalogOptions, catalogForWrite, checkFilterValues } from './catalog';
import { checkProductSpelling } from './product-name';
import { addFieldOptions, type FieldOptions, fieldEdit, newValue } from './set-fields';
import { openTarget, type StoredValue, type ThresholdTarget } from './threshold-target';
import type { ValidateOptions } from './validate';

export interface SetOptions extends ValidateOptions {
  /** Show where, the current value and the new one, and write nothing. */
  readonly dryRun?: boolean;
  /** `--daily 60` and the like: change these fields of the current value. */
  readonly fields?: FieldOptions;
  /** Write to SSM's advanced tier (8 KB instead of 4 KB; billed per parameter and month). */
  readonly advanced?: boolean;
}

/** Adds `thresholds set`: its arguments, options, help and action. */
export function registerSetCommand(thresholds: Command, { io, done }: CommandContext): void {
  const set = thresholds
    .command('set')
    .description(
      `Write PRODUCT's threshold: the SSM parameter <path>/PRODUCT (String; default path ${DEFAULT_THRESHOLDS_PATH}) or a key of --thresholds-file. ` +
        'A whole VALUE replaces the current value and names the fields it drops; field options such as --daily 60 change only those fields. ' +
        'The new value is validated first (nothing is written when it is refused), and where it writes (parameter, region, account) is said first.',
    )
    .argument('<product>', 'Telnyx product name (e.g. messaging, sip-trunking) total or balance')
    .argument('[value]', 'the whole value: a daily limit in USD (50) or JSON, e.g. \'{"daily": 50, "monthly": 900, "warnAt": [0.8]}\'');
  addThresholdOptions(set, 'write to', {
    file: 'update this local JSON file instead (other keys are kept)',
    path: `SSM path of the thresholds (default: ${DEFAULT_THRESHOLDS_PATH})`,
  });
  addFieldOptions(set)
    .option('--dry-run', 'show where, the current value and the new one, and write nothing')
    .option(
      '--advanced',
      "write to SSM's advanced tier: 8 KB instead of 4 KB (room for about 140 managed-account overrides instead of 70), billed per parameter and month",
    )
    .option('--offline', 'do not ask Telnyx whether the product exists')
    .addOption(baseUrlOption())
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert thresholds set messaging --daily 60 --dry-run',
        'npx telnyx-cost-alert thresholds set messaging --warn-at 0.5,0.8 --filter direction=outbound',
        'npx telnyx-cost-alert thresholds set total \'{"daily": 100, "monthly": 2000, "warnAt": [0.5, 0.8]}\'',
        'npx telnyx-cost-alert thresholds set balance --minimum 100 --warn-below 250 --runway-hours 24',
        'npx telnyx-cost-alert thresholds set sip-trunking \'{"daily": 30, "warnAt": [0.8]}\' --thresholds-file my-thresholds.json',
      ]),
    )
    .action(
      async (
        product: string,
        value: string | undefined,
        options: ThresholdCliOptions & CatalogOptions & FieldOptions & { dryRun?: boolean; advanced?: boolean },
      ) => {
        const { offline, baseUrl, dryRun, advanced } = options;
        done(await setThresholdCommand(product, value, { ...thresholdLocation(options), offline, baseUrl, dryRun, advanced, fields: options }, io));
      },
    );
}

/** Validates the new value first (nothing is written when it is refused), then writes it to SSM or the JSON file. */
export async function setThresholdCommand(product: string, value: string | undefined, options: SetOptions, io: CliIo): Promise<number> {
  checkProductSpelling(product);
  if (options.file !== undefined && options.path !== undefined) {
    throw new UsageError('give either --thresholds-file or --thresholds-path, not both');
  }
  const edit = fieldEdit(options.fields ?? {});
  if (value === undefined && edit === undefined) newValue(product, value, edit, undefined);
  const target = openTarget(product, options, io);
  try {
    const current = await target.read();
    if (current?.type === 'SecureString') {
      io.stderr(`Refused, nothing was written: ${target.name} is a SecureString, and a SecureString is not a threshold; set never overwrites one.\n`);
      return 1;
    }
    const text = newValue(product, value, edit, current);
    const parsed = parseThresholdValue(text, product);
    if (!parsed.ok) {
      io.stderr(`Refused, nothing was written: the value for ${product} is not valid.\n`);
      if (edit !== undefined) io.stderr(`The value after the change would be: ${text}\n`);
      io.stderr(parsed.issues.map((issue) => `  - ${issue}\n`).join(''));
      io.stderr(`${parsed.message.slice(parsed.issues.join(' ').length).trim()}\n`);
      return 1;
    }
    // Before asking Telnyx: SSM would refuse the write anyway.
    const tooLarge = target.ssm ? parameterSizeProblem(text, options.advanced ? 'Advanced' : 'Standard') : undefined;
    if (tooLarge !== undefined) {
      io.stderr(`Refused, nothing was written: ${target.name}: ${tooLarge}\n`);
      return 1;
    }
    if (!(await acceptedByTelnyx(product, text, options, io))) return 1;
    for (const warning of thresholdWarnings(parsed.settings)) io.stderr(`warning: ${product}: ${warning}\n`);
    if (current !== undefined && fieldChanges(current.value, text, product).length === 0) {
      io.stdout(`${target.name} already holds ${current.value.trim()} (${describeThreshold(parsed.settings)}): nothing to change, nothing was written.\n`);
      return 0;
    }
    const plan = changeLines(product, current, text, value !== undefined);
    return await write(target, text, parsed.settings, plan, options, io);
  } finally {
    target.close();
  }
}

/** With a key: the check's judge (an unknown product or a filter dimension the product lacks is refused), then the filter values (a warning). */
async function acceptedByTelnyx(product: string, text: string, options: SetOptions, io: CliIo): Promise<boolean> {
  const path = options.file === undefined ? checkSsmPath(options.path ?? DEFAULT_THRESHOLDS_PATH, io.env) : DEFAULT_THRESHOLDS_PATH;
  const { catalog, connection } = await catalogForWrite(options, io);
  try {
    if (!catalog) return true;
    checkProductSpelling(
      product,
      catalog.map((entry) => entry.product),
    );
    const judged = judgeThresholds([{ name: `${path}/${product}`, value: text }], { path }, catalog);
    const unknown = judged.problems[0];
    if (unknown) {
      io.stderr(`Refused, nothing was written: ${unknown.message.slice(`${unknown.parameterName}: `.length)}\n`);
      return false;
    }
    if (connection) {
      const filterCheck = await checkFilterValues(judged.thresholds, connection);
      for (const { message } of filterCheck.warnings)
        io.stderr(`warning: ${product}: ${message} (the check sends an error alert for it, at most once a day)\n`);
    }
    return true;
  } finally {
    await connection?.close();
  }
}

/** The current value and the new one, field by field, and what a whole new value drops; empty for a new product. */
function changeLines(product: string, current: StoredValue | undefined, text: string, whole: boolean): string[] {
  if (current === undefined) return [];
  const describe = (value: string) => {
    const parsed = parseThresholdValue(value, product);
    return parsed.ok ? describeThreshold(parsed.settings) : 'not valid';
  };
  const lines = [
    `  current: ${current.value.trim()} (${describe(current.value)})`,
    `  new:     ${text} (${describe(text)})`,
    `  changes: ${fieldChanges(current.value, text, product)
      .map(({ field, from, to }) => `${field} ${from} -> ${to}`)
      .join('; ')}`,
  ];
  const dropped = whole ? droppedFields(current.value, text, product) : [];
  if (dropped.length > 0) {
    lines.push(`  drops:   ${dropped.join(', ')} (a whole VALUE replaces the current one; field options such as --daily 60 keep the other fields)`);
  }
  return lines;
}

async function write(
  target: ThresholdTarget,
  text: string,
  settings: ThresholdSettings,
  plan: readonly string[],
  options: SetOptions,
  io: CliIo,
): Promise<number> {
  const where = await target.where();
  const described = describeThreshold(settings);
  const planText = plan.map((line) => `${line}\n`).join('');
  if (options.dryRun) {
    io.stdout(`Dry run, nothing was written: would set ${where} to ${text} (${described}).\n${planText}`);
    return 0;
  }
  // Say where, and what changes, before writing: the parameter, the region and the account the credentials belong to.
  io.stderr(`${target.ssm ? `Writing ${where}\n` : ''}${planText}`);
  await target.write(text, options.advanced ? 'Advanced' : undefined);
  io.stdout(
    target.ssm ? `Set ${target.name} = ${text} (${described}). The next scheduled check reads it; no redeploy needed.\n` : `Set ${target.name}: ${described}\n`,
  );
  return 0;
}
