/**
 * Money as exact integers. An amount is a bigint count of nano-units (1e-9) of its currency,
 * so sums never go through binary floating point. Amounts of different currencies are never added:
 * spend is kept per currency (`SpendTally` in spend-tally.ts) and compared with a limit in its own currency.
 */
import { accepted, type Parsed, refused } from './parsed';

export const NANOS_PER_UNIT = 1_000_000_000n;
const SCALE = 9;

export interface Money {
  /** Nano-units (1e-9) of `currency`. */
  readonly nanos: bigint;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
}

const DECIMAL = /^([+-])?(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal amount given as a JSON number or a numeric string ("0.000800", "12", "1e-7")
 * into nano-units. Digits past the ninth decimal are rounded half to even (a server that sums
 * in floating point sends 0.30000000000000004). Returns undefined for anything that is not a
 * finite decimal number, so that the caller can say which row or parameter was wrong.
 */
export function parseNanos(value: unknown): bigint | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    const exact = exactNanos(value);
    if (exact !== undefined) return BigInt(exact);
    // The shortest round-trip form is the decimal the sender wrote.
    text = String(value);
    // Fast path for the usual cost (a plain decimal with at most 9 decimals; String() of a finite number
    // is only digits, '-' and '.' when it has no exponent): half the time of the general parse below.
    const dot = text.indexOf('.');
    if (dot > 0 && !text.includes('e') && text.length - dot - 1 <= SCALE) {
      const fraction = text.slice(dot + 1);
      return BigInt(text.slice(0, dot) + fraction + '0'.repeat(SCALE - fraction.length));
    }
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const [, sign, intPart = '', fracPart = '', expPart] = match;
  if (intPart === '' && fracPart === '') return undefined;
  const exponent = expPart === undefined ? 0 : Number(expPart);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) return undefined;
  // digits * 10^(exponent - fracPart.length), then scaled by 10^SCALE
  const digits = BigInt((intPart + fracPart).replace(/^0+(?=\d)/, '') || '0');
  const shift = exponent - fracPart.length + SCALE;
  let nanos: bigint;
  if (shift >= 0) {
    nanos = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    const quotient = digits / divisor;
    const remainder = digits % divisor;
    const twice = remainder * 2n;
    nanos = twice > divisor || (twice === divisor && quotient % 2n === 1n) ? quotient + 1n : quotient;
  }
  return sign === '-' ? -nanos : nanos;
}

/** Below 2^50 nano-units (about 1.1 million units), `value * 1e9` is within 0.2 of the exact product (see exactNanos). */
const EXACT_BOUND = 2 ** 50;

/**
 * The nano-units of a JSON number, as a number, when its decimal (the shortest round-trip form, as above) has at
 * most 9 decimals and the amount is below EXACT_BOUND; undefined otherwise (the caller parses the decimal). With
 * no string and no bigint work: the usual cost of a usage row, read tens of thousands of times a run.
 *
 * Why it is exact: below the bound, `value` is within 2^-33 x 1e9 < 0.12 nano-units of its decimal d once scaled,
 * and the product rounds by at most 1/16 more, so when d x 1e9 is a whole number N, Math.round gives N. The check
 * `n / 1e9 === value` holds exactly when some decimal with at most 9 decimals rounds to `value` (division is
 * correctly rounded), which is when its shortest form has at most 9 decimals; below the bound two such decimals
 * never round to one number, so `n` is that decimal's.
 */
export function exactNanos(value: number): number | undefined {
  const n = Math.round(value * 1e9);
  return n < EXACT_BOUND && n > -EXACT_BOUND && n / 1e9 === value ? n : undefined;
}

/**
 * The bound on an amount an operator writes (a limit, or any other amount in a threshold): at most
 * 12 digits before the decimal point, i.e. below one trillion units of its currency. No real Telnyx
 * limit comes near it, and it refuses the typos that would otherwise read as a limit never reached
 * (`1e400`, a pasted account number).
 */
export const AMOUNT_MAX_INTEGER_DIGITS = 12;
const AMOUNT_BOUND_NANOS = 10n ** BigInt(AMOUNT_MAX_INTEGER_DIGITS) * NANOS_PER_UNIT;
/** The bound as people read it: 1000000000000. */
export const AMOUNT_BOUND_TEXT = `1${'0'.repeat(AMOUNT_MAX_INTEGER_DIGITS)}`;
/** Exponents past this are decided without building the number (1e999999 must not build a million digits). */
const MAX_EXPONENT = 400;

/** Why an amount is refused; the caller words it for its field. */
export type AmountProblem = 'not-a-number' | 'not-positive' | 'too-large';
export type PositiveAmount = Parsed<bigint, AmountProblem>;

/**
 * The one rule for amounts an operator writes: a finite decimal (number or numeric string, as its text, so
 * `1e400` is judged as written, never as JSON.parse's Infinity), positive, and below 10^12. The value is in nano-units.
 */
export function parsePositiveAmount(value: unknown): PositiveAmount {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    if (Number.isNaN(value)) return refused('not-a-number');
    return refused(value > 0 ? 'too-large' : 'not-positive');
  }
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const match = text === undefined ? null : DECIMAL.exec(text);
  if (!match) return refused('not-a-number');
  const [, sign, intPart = '', fracPart = '', expPart] = match;
  if (intPart === '' && fracPart === '') return refused('not-a-number');
  const nonZero = /[1-9]/.test(intPart + fracPart);
  if (sign === '-' || !nonZero) return refused('not-positive');
  const exponent = expPart === undefined ? 0 : Number(expPart);
  if (exponent > MAX_EXPONENT) return refused('too-large');
  if (exponent < -MAX_EXPONENT) return refused('not-positive'); // rounds to 0 nano-units
  const nanos = parseNanos(text);
  if (nanos === undefined) return refused('not-a-number');
  if (nanos <= 0n) return refused('not-positive');
  if (nanos >= AMOUNT_BOUND_NANOS) return refused('too-large');
  return accepted(nanos);
}

/**
 * Formats nano-units as a decimal string with at least `minDecimals` and at most 9 decimals
 * (trailing zeros past `minDecimals` dropped): formatNanos(12_500_000_000n) === '12.50'.
 */
export function formatNanos(nanos: bigint, minDecimals = 2): string {
  const negative = nanos < 0n;
  const abs = negative ? -nanos : nanos;
  const units = abs / NANOS_PER_UNIT;
  let fraction = (abs % NANOS_PER_UNIT).toString().padStart(SCALE, '0').replace(/0+$/, '');
  if (fraction.length < minDecimals) fraction = fraction.padEnd(minDecimals, '0');
  return `${negative ? '-' : ''}${units}${fraction ? `.${fraction}` : ''}`;
}

/** Rounds to cents (half up) for people: formatMoney({nanos: 12_345_000_000n, currency: 'USD'}) === '12.35 USD'. */
export function formatMoney(money: Money): string {
  const cent = NANOS_PER_UNIT / 100n;
  const sign = money.nanos < 0n ? -1n : 1n;
  const cents = (money.nanos * sign + cent / 2n) / cent;
  return `${formatNanos(cents * cent * sign, 2)} ${money.currency}`;
}

/** Share of `part` in `whole` as a percentage with one decimal, exact to the tenth: 81.2. */
export function percentOf(part: bigint, whole: bigint): number {
  if (whole <= 0n) return Number.POSITIVE_INFINITY;
  return Number((part * 1000n) / whole) / 10;
}
