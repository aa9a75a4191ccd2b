/**
 * Thresholds as operators write them: one String parameter per product under the thresholds path,
 * plus `total`. A value is either a plain amount (`50`: a daily limit in USD) or a JSON object
 * (`{"daily": 50, "monthly": 900, "warnAt": [0.8], "currency": "USD", "filter": {"direction": "outbound"}, "enabled": true}`).
 *
 * Parsing is strict (a typo such as "dayly" is an error, never ignored) and local (one bad parameter
 * never affects another); every problem says which parameter, what is wrong and what a valid value looks like.
 */
import { parse as parseJsonLosslessly } from 'lossless-json';
import { AMOUNT_BOUND_TEXT, AMOUNT_MAX_INTEGER_DIGITS, parseNanos, parsePositiveAmount } from './money';
import { closest } from './name-suggestion';
import { numberText, shown } from './threshold-json';
import { asksForSpike, parseSignalFields, SIGNAL_KEYS } from './signal-config';
import { TOTAL } from './types';
import type { Threshold } from './types';

/** A parsed value: a threshold without the parameter it came from. */
export type ThresholdSettings = Omit<Threshold, 'product' | 'parameterName'>;

export type ThresholdValueResult =
  | { readonly ok: true; readonly settings: ThresholdSettings }
  | {
      readonly ok: false;
      /** Each thing wrong with the value, e.g. `"warnAt" must be fractions between 0 and 1 (exclusive), e.g. [0.8]; got [1.5].` */
      readonly issues: readonly string[];
      /** The issues followed by what a valid value looks like. */
      readonly message: string;
    };

export const DEFAULT_CURRENCY = 'USD';
const PPM = 1_000_000;
const KEYS = ['daily', 'monthly', 'warnAt', 'currency', 'filter', 'enabled', ...SIGNAL_KEYS] as const;
/** ISO 4217 codes as the runtime knows them (about 160 in use today). */
const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
/** When two codes are equally close to a typo, suggest the one people are likelier to mean. */
const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN', 'BRL', 'MXN', 'INR', 'SGD', 'HKD', 'NZD', 'ZAR'];

/** What a valid value looks like, closing every problem with a value (no filter on `total`). */
export function validValueHint(product: string | undefined): string {
  const filter = product === TOTAL ? '' : ', "filter": {"direction": "outbound"}';
  return `A valid value is 50 (a daily limit in USD) or {"daily": 50, "monthly": 900, "warnAt": [0.8]${filter}}.`;
}

/**
 * Parses a value's JSON keeping every number as the text the operator wrote (a `LosslessNumber`): JSON.parse
 * would turn 1e400 into Infinity and round a 17-digit limit, so the amount rule would judge another number.
 */
function parseJson(text: string): unknown {
  return parseJsonLosslessly(text);
}

/**
 * The one rule for an amount in a threshold (see `parsePositiveAmount`): its nano-units, or the issue with it,
 * worded the same whether the value came from SSM, a file or the CLI. `subject` names it: `"daily"`, `The limit`.
 * Exported for every threshold field that holds an amount.
 */
export function parseThresholdAmount(subject: string, value: unknown): bigint | string {
  const amount = parsePositiveAmount(numberText(value));
  if (amount.ok) return amount.value;
  switch (amount.problem) {
    case 'not-positive':
      return `${subject} must be positive (above 0.000000001); got ${shown(value)}.`;
    case 'too-large':
      return `${subject} must be below ${AMOUNT_BOUND_TEXT} (at most ${AMOUNT_MAX_INTEGER_DIGITS} digits before the decimal point); got ${shown(value)}.`;
    case 'not-a-number':
      return `${subject} must be a positive amount, e.g. 50 or "50.00"; got ${shown(value)}.`;
  }
}

/**
 * A fraction in parts per million, read with the money parser (exact to the ninth decimal): 0.8 -> 800000.
 * Undefined when the value is not a decimal; NaN when it has more than 6 decimals.
 */
function fractionToPpm(value: unknown): number | undefined {
  const nanos = parseNanos(numberText(value));
  if (nanos === undefined) return undefined;
  if (nanos % 1000n !== 0n) return Number.NaN;
  const ppm = nanos / 1000n;
  return ppm > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(ppm);
}

function parseWarnAt(value: unknown): number[] | string {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const ppms: number[] = [];
  const notFractions: unknown[] = [];
  const tooPrecise: unknown[] = [];
  for (const item of items) {
    const ppm = fractionToPpm(item);
    if (ppm === undefined) {
      return `"warnAt" must be a list of numbers, each a fraction of the limit between 0 and 1 (exclusive), e.g. [0.8]; got ${shown(value)}.`;
    }
    if (Number.isNaN(ppm)) tooPrecise.push(item);
    else if (ppm <= 0 || ppm >= PPM) notFractions.push(item);
    else ppms.push(ppm);
  }
  if (notFractions.length > 0) {
    // A common slip: 80 meaning 80 %.
    const percent = notFractions.map((item) => Number(numberText(item))).find((item) => Number.isInteger(item) && item > 1 && item < 100);
    const hint = percent === undefined ? '' : ` (for ${percent}% write ${percent / 100})`;
    return `"warnAt" must be fractions between 0 and 1 (exclusive), e.g. [0.8]; got ${shown(value)}${hint}.`;
  }
  if (tooPrecise.length > 0) {
    return `"warnAt" fractions may have at most 6 decimals, e.g. [0.8, 0.95]; got ${shown(value)}.`;
  }
  return [...new Set(ppms)].sort((a, b) => a - b);
}

/**
 * An ISO 4217 code the runtime knows, upper-cased. A well-formed code that no currency has ("UDS") is refused
 * too: usage never comes in it, so its spend would read 0 for ever and the threshold would never alert.
 */
function parseCurrency(value: unknown): string | { issue: string } {
  if (typeof value !== 'string' || !/^[A-Za-z]{3}$/.test(value.trim())) {
    return { issue: `"currency" must be a 3-letter ISO 4217 code, e.g. "USD" or "EUR"; got ${shown(value)}.` };
  }
  const code = value.trim().toUpperCase();
  if (ISO_CURRENCIES.has(code)) return code;
  // One edit (a swapped pair counts as one) is a typo; two edits of three letters is another currency.
  const suggestion = closest(code, ISO_CURRENCIES, { maxDistance: 1, preferred: COMMON_CURRENCIES });
  return {
    issue: `"currency" ${shown(value)} is not an ISO 4217 code${suggestion ? `; did you mean ${suggestion}?` : ', e.g. "USD" or "EUR".'}`,
  };
}

function parseFilter(value: unknown, product: string | undefined): Record<string, string> | string {
  if (product === TOTAL) {
    return `"filter" is not allowed on "${TOTAL}": each product has its own dimensions; set a filter on a product's parameter instead.`;
  }
  const expected = `"filter" must be an object of dimension names to non-empty strings, e.g. {"direction": "outbound"}; got ${shown(value)}.`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected;
  const filter: Record<string, string> = {};
  for (const [dimension, wanted] of Object.entries(value)) {
    if (dimension.trim() === '' || typeof wanted !== 'string' || wanted.trim() === '') return expected;
    filter[dimension.trim()] = wanted.trim();
  }
  return filter;
}

/**
 * Validates one parameter value. `product` (when known) lets it refuse a filter on `total`.
 * Used for every parameter by `parseThresholds`, and by the CLI before it writes a value.
 */
export function parseThresholdValue(text: string, product?: string): ThresholdValueResult {
  const fail = (issues: string[]): ThresholdValueResult => ({
    ok: false,
    issues,
    message: `${issues.join(' ')} ${validValueHint(product)}`,
  });
  const trimmed = text.trim();
  if (trimmed === '') return fail(['The value is empty.']);

  if (!trimmed.startsWith('{')) {
    if (/^[[\]"]/.test(trimmed) || /^(true|false|null)$/.test(trimmed)) {
      return fail([`The value must be an amount or a JSON object; got ${shown(trimmed)}.`]);
    }
    const amount = parsePositiveAmount(trimmed);
    if (!amount.ok && amount.problem === 'not-a-number') {
      return fail([`The value must be an amount (a daily limit in ${DEFAULT_CURRENCY}) or a JSON object; got ${shown(trimmed)}.`]);
    }
    const daily = parseThresholdAmount('The limit', trimmed);
    if (typeof daily === 'string') return fail([daily]);
    return { ok: true, settings: { daily, warnAtPpm: [], currency: DEFAULT_CURRENCY, filter: {}, enabled: true } };
  }

  let parsed: unknown;
  try {
    parsed = parseJson(trimmed);
  } catch (error) {
    const reason = error instanceof Error ? ` (${error.message})` : '';
    return fail([`The value is not valid JSON${reason}.`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail([`The value must be an amount or a JSON object; got ${shown(parsed)}.`]);
  }

  const object = parsed as Record<string, unknown>;
  const issues: string[] = [];
  for (const key of Object.keys(object)) {
    if ((KEYS as readonly string[]).includes(key)) continue;
    const suggestion = closest(key, KEYS);
    const didYouMean = suggestion ? `did you mean "${suggestion}"? ` : '';
    issues.push(`Unknown key "${key}": ${didYouMean}The keys are ${KEYS.map((k) => `"${k}"`).join(', ')}.`);
  }

  let daily: bigint | undefined;
  let monthly: bigint | undefined;
  if (Object.hasOwn(object, 'daily')) {
    const limit = parseThresholdAmount('"daily"', object.daily);
    if (typeof limit === 'string') issues.push(limit);
    else daily = limit;
  }
  if (Object.hasOwn(object, 'monthly')) {
    const limit = parseThresholdAmount('"monthly"', object.monthly);
    if (typeof limit === 'string') issues.push(limit);
    else monthly = limit;
  }
  const hasLimit = Object.hasOwn(object, 'daily') || Object.hasOwn(object, 'monthly');
  if (!hasLimit && !asksForSpike(object)) {
    issues.push('The value needs a "daily" or a "monthly" limit (or both), or "spike": true.');
  }
  const signals = parseSignalFields(object, hasLimit, { amount: (key, value) => parseThresholdAmount(`"${key}"`, value), closest });
  issues.push(...signals.issues);

  let warnAtPpm: number[] = [];
  if (Object.hasOwn(object, 'warnAt')) {
    const warnAt = parseWarnAt(object.warnAt);
    if (typeof warnAt === 'string') issues.push(warnAt);
    else warnAtPpm = warnAt;
  }

  let currency = DEFAULT_CURRENCY;
  if (Object.hasOwn(object, 'currency')) {
    const parsedCurrency = parseCurrency(object.currency);
    if (typeof parsedCurrency === 'string') currency = parsedCurrency;
    else issues.push(parsedCurrency.issue);
  }

  let filter: Record<string, string> = {};
  if (Object.hasOwn(object, 'filter')) {
    const parsedFilter = parseFilter(object.filter, product);
    if (typeof parsedFilter === 'string') issues.push(parsedFilter);
    else filter = parsedFilter;
  }

  let enabled = true;
  if (Object.hasOwn(object, 'enabled')) {
    if (typeof object.enabled === 'boolean') enabled = object.enabled;
    else issues.push(`"enabled" must be true or false (without quotes); got ${shown(object.enabled)}.`);
  }

  if (issues.length > 0) return fail(issues);
  return {
    ok: true,
    settings: {
      ...(daily === undefined ? {} : { daily }),
      ...(monthly === undefined ? {} : { monthly }),
      warnAtPpm,
      currency,
      filter,
      enabled,
      ...signals.fields,
    },
  };
}
