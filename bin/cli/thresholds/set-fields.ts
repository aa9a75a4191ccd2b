/**
 * The field options of `thresholds set` (`--daily 60`, `--no-monthly`, `--warn-at 0.5,0.8`, ...): each changes
 * one field of the current value and keeps the rest (domain/threshold-edit.ts decides the new text).
 */
import { type Command, Option } from 'commander';
import { canonicalValue, editThresholdValue, type ThresholdEdit } from '../../../functions/cost-alert/domain/threshold-edit';
import { CliError, UsageError } from '../cli-io';
import { collect, commaList } from '../command-options';
import { parseFilterOptions } from '../usage-query';
import type { StoredValue } from './threshold-target';

/** The field options as commander hands them over (`false` from a `--no-...` option). */
export interface FieldOptions {
  daily?: string | false;
  monthly?: string | false;
  warnAt?: string[] | false;
  currency?: string;
  filter?: string[] | false;
  forecast?: boolean;
  spike?: boolean;
  enable?: boolean;
  disable?: boolean;
  minimum?: string | false;
  warnBelow?: string | false;
  runwayHours?: string | false;
}

/** The field options, each with the field it changes; `--no-X` removes the field. */
export function addFieldOptions(command: Command): Command {
  return command
    .option('--daily <amount>', 'change the daily limit (keeps every other field of the current value)')
    .option('--no-daily', 'remove the daily limit')
    .option('--monthly <amount>', 'change the monthly limit')
    .option('--no-monthly', 'remove the monthly limit')
    .option('--warn-at <fractions>', 'change the warning fractions, e.g. 0.5,0.8', commaList)
    .option('--no-warn-at', 'remove the warnings (only the limit alerts, as critical)')
    .option('--currency <code>', 'change the currency of the limits, e.g. EUR')
    .option('--filter <dimension=value>', 'set the filter to these values, e.g. direction=outbound (repeatable)', collect)
    .option('--no-filter', 'remove the filter (count every row of the product)')
    .option('--forecast', 'turn the forecast warning on')
    .option('--no-forecast', 'turn the forecast warning off')
    .option('--spike', 'turn spike alerts on (a spike already on keeps its factor)')
    .option('--no-spike', 'turn spike alerts off')
    .addOption(new Option('--enable', 'turn the threshold on').conflicts('disable'))
    .addOption(new Option('--disable', 'turn the threshold off (it is kept, and not evaluated)'))
    .option('--minimum <amount>', 'balance only: change the minimum available credit (critical below it)')
    .option('--no-minimum', 'balance only: remove the minimum')
    .option('--warn-below <amount>', 'balance only: change the warning level of the available credit')
    .option('--no-warn-below', 'balance only: remove the warning level')
    .option('--runway-hours <hours>', "balance only: warn when the credit lasts fewer hours than this at the last 24 hours' pace")
    .option('--no-runway-hours', 'balance only: remove the runway warning');
}

/** The edit the field options ask for; undefined when none was given. */
export function fieldEdit(options: FieldOptions): ThresholdEdit | undefined {
  if (Array.isArray(options.warnAt) && options.warnAt.length === 0) {
    throw new UsageError('--warn-at needs at least one fraction, e.g. --warn-at 0.8; --no-warn-at removes the warnings');
  }
  const edit: ThresholdEdit = {
    ...(options.daily !== undefined ? { daily: options.daily } : {}),
    ...(options.monthly !== undefined ? { monthly: options.monthly } : {}),
    ...(options.warnAt !== undefined ? { warnAt: options.warnAt } : {}),
    ...(options.currency !== undefined ? { currency: options.currency } : {}),
    ...(options.filter !== undefined ? { filter: options.filter === false ? false : parseFilterOptions(options.filter) } : {}),
    ...(options.forecast !== undefined ? { forecast: options.forecast } : {}),
    ...(options.spike !== undefined ? { spike: options.spike } : {}),
    ...(options.enable || options.disable ? { enabled: Boolean(options.enable) } : {}),
    ...(options.minimum !== undefined ? { minimum: options.minimum } : {}),
    ...(options.warnBelow !== undefined ? { warnBelow: options.warnBelow } : {}),
    ...(options.runwayHours !== undefined ? { runwayHours: options.runwayHours } : {}),
  };
  return Object.keys(edit).length > 0 ? edit : undefined;
}

/** The value to write: the whole VALUE as given (canonically spelt), or the current value with the edit applied. */
export function newValue(product: string, whole: string | undefined, edit: ThresholdEdit | undefined, current: StoredValue | undefined): string {
  if (whole !== undefined && edit !== undefined) {
    throw new UsageError('give either a whole VALUE (it replaces the current one) or field options such as --daily 60 (they keep the other fields), not both');
  }
  if (whole !== undefined) return canonicalValue(whole, product);
  if (edit === undefined) {
    throw new UsageError("missing required argument 'value': give a whole VALUE, e.g. 50, or the fields to change, e.g. --daily 60 --warn-at 0.8");
  }
  const result = editThresholdValue(current?.value, edit, product);
  if (!result.ok) {
    throw new CliError(
      `cannot change fields of ${product}: ${result.reason}; give the whole value instead, e.g. thresholds set ${product} 50; nothing was written`,
    );
  }
  return result.text;
}
