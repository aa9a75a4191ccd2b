/**
 * The value of the `balance` threshold: `100` (the minimum available credit in USD) or
 * `{"minimum": 100, "warnBelow": 250, "runwayHours": 24, "currency": "USD", "enabled": true}`, at least one of
 * the three levels. Its fields are read by one rule of the value table (threshold-values.ts, `BALANCE_SHAPE`);
 * written back for people and for the store here.
 */
import { formatNanos } from './money';
import { accepted, type Parsed, refused } from './parsed';
import { parseThresholdAmount } from './threshold-fields';
import { numberText, shown } from './threshold-json';
import type { ThresholdSettings, ValueRule } from './threshold-values';
import type { BalanceSettings } from './types';

/** The longest runway an operator may ask for: 30 days. */
export const RUNWAY_HOURS_MAX = 720;
export const BALANCE_KEYS = ['minimum', 'warnBelow', 'runwayHours'] as const;

/** `runwayHours`: a whole number of hours from 1 to 720 (a number, or its text). */
export function parseRunwayHours(value: unknown): Parsed<number> {
  const text = numberText(value);
  const hours = typeof text === 'string' && /^\s*\d+(\.0*)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(hours) || hours < 1 || hours > RUNWAY_HOURS_MAX) {
    return refused(`"runwayHours" must be a whole number of hours from 1 to ${RUNWAY_HOURS_MAX}, e.g. 24; got ${shown(value)}.`);
  }
  return accepted(hours);
}

/** The three levels, read together: at least one is needed, and a warning level must lie above the minimum. */
export const BALANCE_LEVELS: ValueRule = {
  keys: BALANCE_KEYS,
  read: (object) => {
    const issues: string[] = [];
    const levels: { -readonly [K in keyof BalanceSettings]: BalanceSettings[K] } = {};
    for (const key of ['minimum', 'warnBelow'] as const) {
      if (!Object.hasOwn(object, key)) continue;
      const amount = parseThresholdAmount(`"${key}"`, object[key]);
      if (amount.ok) levels[key] = amount.value;
      else issues.push(amount.problem);
    }
    if (Object.hasOwn(object, 'runwayHours')) {
      const hours = parseRunwayHours(object.runwayHours);
      if (hours.ok) levels.runwayHours = hours.value;
      else issues.push(hours.problem);
    }
    if (!BALANCE_KEYS.some((key) => Object.hasOwn(object, key))) {
      issues.push('The value needs at least one of "minimum" (critical below it), "warnBelow" (a warning below it) or "runwayHours".');
    }
    if (levels.minimum !== undefined && levels.warnBelow !== undefined && levels.warnBelow <= levels.minimum) {
      issues.push(
        `"warnBelow" (${formatNanos(levels.warnBelow, 0)}) must be above "minimum" (${formatNanos(levels.minimum, 0)}): it is the earlier warning, before the credit reaches the minimum.`,
      );
    }
    return { settings: Object.keys(levels).length > 0 ? { balance: levels } : {}, issues };
  },
};

/** For people, in `describeThreshold`: 'minimum 100.00 USD', 'warn below 250.00 USD', 'runway 24 h'. */
export function describeBalanceFields(balance: BalanceSettings | undefined, currency: string): string[] {
  if (!balance) return [];
  const parts: string[] = [];
  if (balance.minimum !== undefined) parts.push(`minimum ${formatNanos(balance.minimum)} ${currency}`);
  if (balance.warnBelow !== undefined) parts.push(`warn below ${formatNanos(balance.warnBelow)} ${currency}`);
  if (balance.runwayHours !== undefined) parts.push(`runway ${balance.runwayHours} h`);
  return parts;
}

/** The fields as an operator writes them, for `formatThresholdValue`: '"minimum": 100', '"runwayHours": 24'. */
export function formatBalanceFields(balance: BalanceSettings | undefined): string[] {
  if (!balance) return [];
  const fields: string[] = [];
  if (balance.minimum !== undefined) fields.push(`"minimum": ${formatNanos(balance.minimum, 0)}`);
  if (balance.warnBelow !== undefined) fields.push(`"warnBelow": ${formatNanos(balance.warnBelow, 0)}`);
  if (balance.runwayHours !== undefined) fields.push(`"runwayHours": ${balance.runwayHours}`);
  return fields;
}

/** What `thresholds validate` says about the balance levels (empty for any other threshold). */
export function explainBalanceFields(balance: BalanceSettings | undefined, currency: string): string[] {
  if (!balance) return [];
  const lines: string[] = [];
  if (balance.minimum !== undefined)
    lines.push(`a critical alert when the available credit (balance plus credit limit) is below ${formatNanos(balance.minimum)} ${currency}`);
  if (balance.warnBelow !== undefined) lines.push(`a warning when it is below ${formatNanos(balance.warnBelow)} ${currency}`);
  if (balance.runwayHours !== undefined) {
    lines.push(`a warning when, at the pace of the last 24 hours (the spend of every product with a cost), it lasts fewer than ${balance.runwayHours} hours`);
  }
  lines.push('each at most once a local day');
  return lines;
}

/** True when the settings are a lone minimum: written as a plain amount (`100`) when the currency is the default. */
export function isPlainMinimum(settings: Pick<ThresholdSettings, 'balance'>): boolean {
  const balance = settings.balance;
  return balance?.minimum !== undefined && balance.warnBelow === undefined && balance.runwayHours === undefined;
}
