/** `thresholds validate`: the same judge as the check, before and after an operator edits a value. */
import type { Command } from 'commander';
import { explainBalanceFields } from '../../../functions/cost-alert/domain/balance-threshold';
import { explainSignalFields } from '../../../functions/cost-alert/domain/signal-config';
import { judgeThresholds } from '../../../functions/cost-alert/domain/threshold-judge';
import type { CliIo } from '../cli-io';
import { addThresholdOptions, baseUrlOption, type CommandContext, examples, type ThresholdCliOptions, thresholdLocation } from '../command-options';
import { loadReadable } from '../threshold-load';
import { openThresholds, type ThresholdLocation } from '../threshold-source';
import { overrideWarnings } from './account-shares';
import { type CatalogOptions, checkFilterValues, openCatalog } from './catalog';
import { bulletList, describeValid, locationOf, problemLines } from './report-lines';

export interface ValidateOptions extends ThresholdLocation, CatalogOptions {}

/** Adds `thresholds validate`: its options, help and action. */
export function registerValidateCommand(thresholds: Command, { io, done }: CommandContext): void {
  const validate = thresholds
    .command('validate')
    .description('List every problem in the thresholds (parameter and message; exit code 1 on any) and describe the valid ones.');
  addThresholdOptions(validate, 'validate');
  validate
    .option('--offline', 'do not ask Telnyx which products exist (product names, filter dimensions and values are then not checked)')
    .addOption(baseUrlOption())
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert thresholds validate --thresholds-file my-thresholds.json',
        'TELNYX_API_KEY=KEY npx telnyx-cost-alert thresholds validate --thresholds-path /telnyx-cost-alert/thresholds',
      ]),
    )
    .action(async (options: ThresholdCliOptions & CatalogOptions) => {
      done(await validateThresholdsCommand({ ...thresholdLocation(options), offline: options.offline, baseUrl: options.baseUrl }, io));
    });
}

/**
 * Judges the thresholds as the check does (the same `judgeThresholds`, with Telnyx's products and their
 * dimensions when a key is set), then matches each filter against today's usage. Lists every problem
 * (exit 1 on any), every warning, the valid thresholds as they will be read, and what it could not check.
 */
export async function validateThresholdsCommand(options: ValidateOptions, io: CliIo): Promise<number> {
  const source = await openThresholds(options, io);
  try {
    const { raw, unreadable } = await loadReadable(source);
    const telnyx = await openCatalog(options, io);
    try {
      const parsed = judgeThresholds(raw, source.store, telnyx.catalog);
      const filterCheck = telnyx.connection ? await checkFilterValues(parsed.thresholds, telnyx.connection) : { warnings: [], notes: [] };
      const overrides = telnyx.connection ? await overrideWarnings(parsed.thresholds, telnyx.connection.client) : { warnings: [] };
      io.stdout(`Thresholds in ${source.label}:\n\n`);
      if (parsed.thresholds.length > 0) io.stdout(describeValid(parsed.thresholds, source));
      const signals = parsed.thresholds.flatMap((t) => explainSignalFields(t, t.currency).map((line) => `${t.product} ${line}`));
      if (signals.length > 0) io.stdout(`\nEarly warnings (forecast, spike):\n${bulletList(signals)}`);
      const balance = parsed.thresholds.flatMap((t) => explainBalanceFields(t.balance, t.currency));
      if (balance.length > 0) io.stdout(`\nThe balance (GET /v2/balance):\n${bulletList(balance)}`);
      io.stdout(`\n${[telnyx.note, ...filterCheck.notes, ...(overrides.note ? [overrides.note] : [])].join('\n')}\n`);
      const problems = [...unreadable, ...problemLines(parsed.problems, source)];
      if (raw.length + unreadable.length === 0)
        problems.push(`there are no thresholds in ${source.label}: add one per product, e.g. messaging = 50 (a daily limit in USD)`);
      const warnings = filterCheck.warnings.map(({ threshold, message }) => `${locationOf(threshold.parameterName, threshold.product, source)}: ${message}`);
      if (warnings.length > 0) {
        io.stdout(`\n${warnings.length} warning(s); the check sends an error alert for each, at most once a day:\n${bulletList(warnings)}`);
      }
      const accountWarnings = overrides.warnings.map(
        ({ threshold, message }) => `${locationOf(threshold.parameterName, threshold.product, source)}: ${message}`,
      );
      if (accountWarnings.length > 0) io.stdout(`\n${accountWarnings.length} warning(s) about managed accounts:\n${bulletList(accountWarnings)}`);
      if (problems.length === 0) {
        io.stdout(`\nAll ${parsed.thresholds.length} threshold(s) are valid.\n`);
        return 0;
      }
      io.stdout(`\n${problems.length} problem(s); the check sends an error alert for each and still evaluates every other threshold:\n${bulletList(problems)}`);
      return 1;
    } finally {
      await telnyx.connection?.close();
    }
  } finally {
    source.ssm?.destroy();
  }
}
