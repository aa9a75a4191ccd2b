/**
 * The parsers of a threshold value's fields, one per key (threshold-values.ts lists them in its field table).
 * Each returns `Parsed`: the value, or the sentence that says what is wrong with it and what a valid one looks like.
 */
import { AMOUNT_BOUND_TEXT, AMOUNT_MAX_INTEGER_DIGITS, parseNanos, parsePositiveAmount } from './money';
import { closest } from './name-suggestion';
import { accepted, type Parsed, refused } from './parsed';
import { numberText, shown } from './threshold-json';
import { TOTAL } from './types';

export const DEFAULT_CURRENCY = 'USD';
const PPM = 1_000_000;
/** ISO 4217 codes as the runtime knows them (about 160 in use today). */
const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
/** When two codes are equally close to a typo, suggest the one people are likelier to mean. */
const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN', 'BRL', 'MXN', 'INR', 'SGD', 'HKD', 'NZD', 'ZAR'];

/**
 * The one rule for an amount in a threshold (see `parsePositiveAmount`): its nano-units, or the problem with it,
 * worded the same whether the value came from SSM, a file or the CLI. `subject` names it: `"daily"`, `The limit`.
 * Every threshold field that holds an amount uses it.
 */
export function parseThresholdAmount(subject: string, value: unknown): Parsed<bigint> {
  const amount = parsePositiveAmount(numberText(value));
  if (amount.ok) return amount;
  switch (amount.problem) {
    case 'not-positive':
      return refused(`${subject} must be positive (above 0.000000001); got ${shown(value)}.`);
    case 'too-large':
      return refused(
        `${subject} must be below ${AMOUNT_BOUND_TEXT} (at most ${AMOUNT_MAX_INTEGER_DIGITS} digits before the decimal point); got ${shown(value)}.`,
      );
    case 'not-a-number':
      return refused(`${subject} must be a positive amount, e.g. 50 or "50.00"; got ${shown(value)}.`);
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

/** `warnAt`: one fraction or a list, each in (0, 1) with at most 6 decimals; as ppm, ascending, without repeats. */
export function parseWarnAt(value: unknown): Parsed<number[]> {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const ppms: number[] = [];
  const notFractions: unknown[] = [];
  const tooPrecise: unknown[] = [];
  for (const item of items) {
    const ppm = fractionToPpm(item);
    if (ppm === undefined) {
      return refused(`"warnAt" must be a list of numbers, each a fraction of the limit between 0 and 1 (exclusive), e.g. [0.8]; got ${shown(value)}.`);
    }
    if (Number.isNaN(ppm)) tooPrecise.push(item);
    else if (ppm <= 0 || ppm >= PPM) notFractions.push(item);
    else ppms.push(ppm);
  }
  if (notFractions.length > 0) {
    // A common slip: 80 meaning 80 %.
    const percent = notFractions.map((item) => Number(numberText(item))).find((item) => Number.isInteger(item) && item > 1 && item < 100);
    const hint = percent === undefined ? '' : ` (for ${percent}% write ${percent / 100})`;
    return refused(`"warnAt" must be fractions between 0 and 1 (exclusive), e.g. [0.8]; got ${shown(value)}${hint}.`);
  }
  if (tooPrecise.length > 0) {
    return refused(`"warnAt" fractions may have at most 6 decimals, e.g. [0.8, 0.95]; got ${shown(value)}.`);
  }
  return accepted([...new Set(ppms)].sort((a, b) => a - b));
}

/**
 * An ISO 4217 code the runtime knows, upper-cased. A well-formed code that no currency has ("UDS") is refused
 * too: usage never comes in it, so its spend would read 0 for ever and the threshold would never alert.
 */
export function parseCurrency(value: unknown): Parsed<string> {
  if (typeof value !== 'string' || !/^[A-Za-z]{3}$/.test(value.trim())) {
    return refused(`"currency" must be a 3-letter ISO 4217 code, e.g. "USD" or "EUR"; got ${shown(value)}.`);
  }
  const code = value.trim().toUpperCase();
  if (ISO_CURRENCIES.has(code)) return accepted(code);
  // One edit (a swapped pair counts as one) is a typo; two edits of three letters is another currency.
  const suggestion = closest(code, ISO_CURRENCIES, { maxDistance: 1, preferred: COMMON_CURRENCIES });
  return refused(`"currency" ${shown(value)} is not an ISO 4217 code${suggestion ? `; did you mean ${suggestion}?` : ', e.g. "USD" or "EUR".'}`);
}

/** `filter` on a product: dimension names to the values wanted, both trimmed and non-empty. */
export function parseFilter(value: unknown): Parsed<Record<string, string>> {
  const expected = refused(`"filter" must be an object of dimension names to non-empty strings, e.g. {"direction": "outbound"}; got ${shown(value)}.`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected;
  const filter: Record<string, string> = {};
  for (const [dimension, wanted] of Object.entries(value)) {
    if (dimension.trim() === '' || typeof wanted !== 'string' || wanted.trim() === '') return expected;
    filter[dimension.trim()] = wanted.trim();
  }
  return accepted(filter);
}

/** `filter` on `total`, whatever its value: the products summed have different dimensions. */
export function refuseFilterOnTotal(): Parsed<Record<string, string>> {
  return refused(`"filter" is not allowed on "${TOTAL}": each product has its own dimensions; set a filter on a product's parameter instead.`);
}

/** A JSON true or false (the string "false" would read as true anywhere else). */
export function parseBoolean(key: string, value: unknown): Parsed<boolean> {
  return typeof value === 'boolean' ? accepted(value) : refused(`"${key}" must be true or false (without quotes); got ${shown(value)}.`);
}
