/** Amounts and a balance threshold for the balance tests. */
import { parseNanos } from '../../functions/cost-alert/domain/money';
import { parseThresholdValue, type ThresholdSettings } from '../../functions/cost-alert/domain/threshold-values';

/** Nano-units of a decimal text; throws on anything else (a test typo). */
export function nanosOf(text: string): bigint {
  const nanos = parseNanos(text);
  if (nanos === undefined) throw new Error(`not an amount: ${text}`);
  return nanos;
}

/** The settings of a balance threshold value; throws when it is not valid. */
export function balanceSettings(value: string): ThresholdSettings {
  const parsed = parseThresholdValue(value, 'balance');
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.settings;
}
