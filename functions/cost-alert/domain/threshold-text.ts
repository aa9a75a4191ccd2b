/**
 * Threshold settings written back for people and for the store: a one-line description
 * (`daily 50.00 USD, warn at 80%`), and the parameter value that reads back as the same settings.
 */
import { describeManagedAccounts, formatManagedAccounts } from './account-limits';
import { describeBalanceFields, formatBalanceFields, isPlainMinimum } from './balance-threshold';
import { formatNanos } from './money';
import { describeSignalFields, formatSignalFields } from './signal-config';
import { DEFAULT_CURRENCY } from './threshold-fields';
import type { ThresholdSettings } from './threshold-values';

/** A fraction in ppm as a percentage for people: 800000 -> '80%', 825000 -> '82.5%'. */
export function ppmToPercent(ppm: number): string {
  return `${formatNanos(BigInt(ppm) * 100_000n, 0)}%`;
}

/** A fraction in ppm as the decimal an operator writes: 800000 -> '0.8'. */
export function ppmToFraction(ppm: number): string {
  return formatNanos(BigInt(ppm) * 1000n, 0);
}

/** For people: 'daily 50.00 USD, monthly 900.00 USD, warn at 80%, outbound only'. */
export function describeThreshold(t: ThresholdSettings): string {
  const parts: string[] = [];
  if (t.daily !== undefined) parts.push(`daily ${formatNanos(t.daily)} ${t.currency}`);
  if (t.monthly !== undefined) parts.push(`monthly ${formatNanos(t.monthly)} ${t.currency}`);
  if (t.warnAtPpm.length > 0) parts.push(`warn at ${t.warnAtPpm.map(ppmToPercent).join(', ')}`);
  const filter = Object.entries(t.filter);
  if (filter.length === 1) parts.push(`${filter[0]?.[1]} only`);
  else if (filter.length > 1) parts.push(`only ${filter.map(([dimension, wanted]) => `${dimension}=${wanted}`).join(', ')}`);
  parts.push(...describeSignalFields(t, t.currency));
  if (t.managedAccounts) parts.push(describeManagedAccounts(t.managedAccounts, t.currency));
  parts.push(...describeBalanceFields(t.balance, t.currency));
  if (!t.enabled) parts.push('disabled');
  return parts.join(', ');
}

/**
 * The parameter value that reads back as `t`: '50' for a plain daily USD limit, JSON otherwise.
 * Amounts are written from their exact decimals, never through floating point.
 */
export function formatThresholdValue(t: ThresholdSettings): string {
  const plain =
    t.daily !== undefined &&
    t.monthly === undefined &&
    t.warnAtPpm.length === 0 &&
    t.currency === DEFAULT_CURRENCY &&
    Object.keys(t.filter).length === 0 &&
    t.enabled &&
    t.managedAccounts === undefined &&
    formatSignalFields(t).length === 0;
  if (plain && t.daily !== undefined) return formatNanos(t.daily, 0);
  if (isPlainMinimum(t) && t.currency === DEFAULT_CURRENCY && t.enabled && t.balance?.minimum !== undefined) return formatNanos(t.balance.minimum, 0);

  const fields: string[] = [];
  if (t.daily !== undefined) fields.push(`"daily": ${formatNanos(t.daily, 0)}`);
  if (t.monthly !== undefined) fields.push(`"monthly": ${formatNanos(t.monthly, 0)}`);
  if (t.warnAtPpm.length > 0) fields.push(`"warnAt": [${t.warnAtPpm.map(ppmToFraction).join(', ')}]`);
  fields.push(...formatBalanceFields(t.balance));
  if (t.currency !== DEFAULT_CURRENCY) fields.push(`"currency": ${JSON.stringify(t.currency)}`);
  if (Object.keys(t.filter).length > 0) fields.push(`"filter": ${JSON.stringify(t.filter)}`);
  fields.push(...formatSignalFields(t));
  if (t.managedAccounts) fields.push(`"managedAccounts": ${formatManagedAccounts(t.managedAccounts)}`);
  if (!t.enabled) fields.push('"enabled": false');
  return `{${fields.join(', ')}}`;
}
