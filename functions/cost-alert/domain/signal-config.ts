/**
 * The threshold fields of the early-warning signals: `forecast` (true or false) and `spike` (true, or
 * `{"factor": 5, "minimumPerHour": 5}`). Parsed as strictly as the rest of a threshold (threshold-values.ts calls
 * `parseSignalFields`): a typo is an issue with a suggestion, never ignored.
 */
import { isLosslessNumber } from 'lossless-json';
import { numberText, shown } from './threshold-json';
import { formatNanos, NANOS_PER_UNIT, parseNanos } from './money';
import type { SpikeSettings } from './types';

/** The top-level keys this module adds to a threshold value. */
export const SIGNAL_KEYS = ['forecast', 'spike'] as const;
const SPIKE_KEYS = ['factor', 'minimumPerHour'] as const;

export const DEFAULT_SPIKE_FACTOR = 5n * NANOS_PER_UNIT;
export const DEFAULT_SPIKE_MINIMUM = 5n * NANOS_PER_UNIT;
export const DEFAULT_SPIKE: SpikeSettings = { factorNanos: DEFAULT_SPIKE_FACTOR, minimumPerHour: DEFAULT_SPIKE_MINIMUM };

export interface SignalFields {
  readonly forecast?: boolean;
  readonly spike?: SpikeSettings;
}

/** The threshold parser's own rules, passed in so that both parsers judge amounts and typos alike. */
export interface ParserRules {
  /** A positive amount as the limits are read, or the issue with it. */
  readonly amount: (label: string, value: unknown) => bigint | string;
  /** The closest of `names` to `name` when it is a likely typo. */
  readonly closest: (name: string, names: readonly string[]) => string | undefined;
}

const SPIKE_HINT = 'e.g. "spike": true (factor 5, minimumPerHour 5) or "spike": {"factor": 5, "minimumPerHour": 5}';

function parseFactor(given: unknown, rules: ParserRules): bigint | string {
  const value = numberText(given);
  const nanos = typeof value === 'number' || typeof value === 'string' ? parseNanos(value) : undefined;
  if (nanos === undefined) return `"spike.factor" must be a number above 1, e.g. 5; got ${shown(given)}.`;
  // The amount rule's upper bound (one rule for numbers): 1e400 is a spike that never fires, not a factor.
  const bounded = rules.amount('spike.factor', given);
  if (typeof bounded === 'string' && bounded.includes(' must be below ')) return bounded;
  if (nanos <= NANOS_PER_UNIT) {
    return `"spike.factor" must be above 1 (5 means five times the usual hourly spend); got ${shown(given)}.`;
  }
  return nanos;
}

function parseSpike(value: unknown, rules: ParserRules, issues: string[]): SpikeSettings | undefined {
  if (value === false) return undefined;
  if (value === true) return DEFAULT_SPIKE;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isLosslessNumber(value)) {
    issues.push(`"spike" must be true, false or an object, ${SPIKE_HINT}; got ${shown(value)}.`);
    return undefined;
  }
  const object = value as Record<string, unknown>;
  const before = issues.length;
  for (const key of Object.keys(object)) {
    if ((SPIKE_KEYS as readonly string[]).includes(key)) continue;
    const close = rules.closest(key, SPIKE_KEYS);
    issues.push(
      `Unknown key "spike.${key}": ${close ? `did you mean "${close}"? ` : ''}The keys of "spike" are ${SPIKE_KEYS.map((k) => `"${k}"`).join(', ')}.`,
    );
  }
  let factorNanos = DEFAULT_SPIKE_FACTOR;
  if (Object.hasOwn(object, 'factor')) {
    const factor = parseFactor(object.factor, rules);
    if (typeof factor === 'string') issues.push(factor);
    else factorNanos = factor;
  }
  let minimumPerHour = DEFAULT_SPIKE_MINIMUM;
  if (Object.hasOwn(object, 'minimumPerHour')) {
    const minimum = rules.amount('spike.minimumPerHour', object.minimumPerHour);
    if (typeof minimum === 'string') issues.push(minimum);
    else minimumPerHour = minimum;
  }
  return issues.length > before ? undefined : { factorNanos, minimumPerHour };
}

/**
 * Reads `forecast` and `spike` from a threshold object. `hasLimit` says whether the value sets `daily` or
 * `monthly`: a forecast projects against a limit, so `forecast: true` without one is an issue.
 */
export function parseSignalFields(
  object: Readonly<Record<string, unknown>>,
  hasLimit: boolean,
  rules: ParserRules,
): { fields: SignalFields; issues: string[] } {
  const issues: string[] = [];
  let forecast: boolean | undefined;
  if (Object.hasOwn(object, 'forecast')) {
    if (typeof object.forecast === 'boolean') forecast = object.forecast;
    else issues.push(`"forecast" must be true or false (without quotes); got ${shown(object.forecast)}.`);
    if (forecast === true && !hasLimit) {
      issues.push('"forecast": true needs a "daily" or a "monthly" limit to project against, e.g. {"daily": 50, "forecast": true}.');
    }
  }
  const spike = Object.hasOwn(object, 'spike') ? parseSpike(object.spike, rules, issues) : undefined;
  return { fields: { ...(forecast ? { forecast } : {}), ...(spike ? { spike } : {}) }, issues };
}

/** True when the value asks for spike alerts: such a threshold needs no limit (`{"spike": true}`). */
export function asksForSpike(object: Readonly<Record<string, unknown>>): boolean {
  return Object.hasOwn(object, 'spike') && object.spike !== false;
}

/** The fields as an operator writes them, for `formatThresholdValue`: '"forecast": true', '"spike": true'. */
export function formatSignalFields(fields: SignalFields): string[] {
  const out: string[] = [];
  if (fields.forecast) out.push('"forecast": true');
  if (fields.spike) {
    const { factorNanos, minimumPerHour } = fields.spike;
    out.push(
      factorNanos === DEFAULT_SPIKE_FACTOR && minimumPerHour === DEFAULT_SPIKE_MINIMUM
        ? '"spike": true'
        : `"spike": {"factor": ${formatNanos(factorNanos, 0)}, "minimumPerHour": ${formatNanos(minimumPerHour, 0)}}`,
    );
  }
  return out;
}

/** For people, in `describeThreshold`: 'forecast', 'spike at 5x the usual hourly spend and 5.00 USD/h'. */
export function describeSignalFields(fields: SignalFields, currency: string): string[] {
  const out: string[] = [];
  if (fields.forecast) out.push('forecast');
  if (fields.spike)
    out.push(`spike at ${formatNanos(fields.spike.factorNanos, 0)}x the usual hourly spend and ${formatNanos(fields.spike.minimumPerHour)} ${currency}/h`);
  return out;
}

/** What `thresholds validate` says about the signal fields of a valid threshold (empty when none is on). */
export function explainSignalFields(fields: SignalFields, currency: string): string[] {
  const lines: string[] = [];
  if (fields.forecast) {
    lines.push(
      'forecast: a warning when the spend projected to the end of the day (month) reaches its limit before the spend itself does;' +
        " the rest of a day is projected from the same hours of the previous 7 days (each hour's mean without its highest, so one unusual hour does not set the pace)," +
        ' the rest of a month from a typical day made of those hours. Once per period.',
    );
  }
  if (fields.spike) {
    const factor = formatNanos(fields.spike.factorNanos, 0);
    lines.push(
      `spike: a critical alert when the last hour's spend is at least ${factor}x the usual hourly spend (the largest of that hour's mean without its highest` +
        ' and a typical hour over the previous 7 days, and the median of the 6 hours before)' +
        ` and at least ${formatNanos(fields.spike.minimumPerHour)} ${currency}, unless hours of about that size came on earlier days;` +
        ' the 6 hours before the last are read again, for usage Telnyx reports late. Once per local day.',
    );
  }
  return lines;
}
