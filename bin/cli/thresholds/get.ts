/** `thresholds get PRODUCT`: the value as stored (stdout), what it means (stderr); `-o json` the parsed form. */
import { type Command, Option } from 'commander';
import { formatNanos } from '../../../functions/cost-alert/domain/money';
import { describeThreshold, ppmToFraction } from '../../../functions/cost-alert/domain/threshold-text';
import { parseThresholdValue, type ThresholdSettings } from '../../../functions/cost-alert/domain/threshold-values';
import type { CliIo } from '../cli-io';
import { addThresholdOptions, type CommandContext, examples, type ThresholdCliOptions, thresholdLocation } from '../command-options';
import { checkProductName, DEFAULT_THRESHOLDS_PATH, type ThresholdLocation } from '../threshold-source';
import { openTarget, readExisting } from './threshold-target';

export type GetOutput = 'text' | 'json';

export interface GetOptions extends ThresholdLocation {
  readonly output?: GetOutput;
}

/** Adds `thresholds get`: its argument, options, help and action. */
export function registerGetCommand(thresholds: Command, { io, done }: CommandContext): void {
  const get = thresholds
    .command('get')
    .description(
      `Print PRODUCT's threshold as stored: the SSM parameter <path>/PRODUCT (default path ${DEFAULT_THRESHOLDS_PATH}) or a key of --thresholds-file. ` +
        'The value goes to stdout, what it means to stderr; exit code 1 when it is missing or not valid.',
    )
    .argument('<product>', 'Telnyx product name (e.g. messaging), total or balance');
  addThresholdOptions(get, 'read from', {
    file: 'read this local JSON file instead',
    path: `SSM path of the thresholds (default: ${DEFAULT_THRESHOLDS_PATH})`,
  });
  get
    .addOption(
      new Option('-o, --output <format>', 'text: the value as stored; json: the value and its parsed fields (amounts as exact decimal strings)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText('after', examples(['npx telnyx-cost-alert thresholds get messaging', 'npx telnyx-cost-alert thresholds get total -o json']))
    .action(async (product: string, options: ThresholdCliOptions & { output?: GetOutput }) => {
      done(await getThresholdCommand(product, { ...thresholdLocation(options), output: options.output }, io));
    });
}

export async function getThresholdCommand(product: string, options: GetOptions, io: CliIo): Promise<number> {
  checkProductName(product);
  const target = openTarget(product, options, io);
  try {
    const stored = await readExisting(product, target);
    const value = stored.value.trim();
    const parsed = parseThresholdValue(value, product);
    if (options.output === 'json') {
      const document = {
        product,
        location: target.name,
        type: stored.type,
        value,
        valid: parsed.ok,
        threshold: parsed.ok ? parsedForm(parsed.settings) : null,
        problems: parsed.ok ? [] : parsed.issues,
      };
      io.stdout(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      io.stdout(`${value}\n`);
      io.stderr(parsed.ok ? `${target.name}: ${describeThreshold(parsed.settings)}\n` : `${target.name} is not valid: ${parsed.message}\n`);
    }
    return parsed.ok ? 0 : 1;
  } finally {
    target.close();
  }
}

/** Every field with its default, amounts as exact decimal strings (never through a float), fractions as numbers. */
function parsedForm(settings: ThresholdSettings): Record<string, unknown> {
  const amount = (nanos: bigint | undefined) => (nanos === undefined ? null : formatNanos(nanos, 0));
  return {
    daily: amount(settings.daily),
    monthly: amount(settings.monthly),
    warnAt: settings.warnAtPpm.map((ppm) => Number(ppmToFraction(ppm))),
    currency: settings.currency,
    filter: settings.filter,
    forecast: Boolean(settings.forecast),
    spike: settings.spike ? { factor: amount(settings.spike.factorNanos), minimumPerHour: amount(settings.spike.minimumPerHour) } : null,
    enabled: settings.enabled,
  };
}
