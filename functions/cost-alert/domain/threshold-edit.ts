/**
 * Editing a threshold value as an operator means it: `--daily 60` changes the daily limit and keeps every
 * other field as written; a whole new value replaces the old one, and the fields it drops are named. Values
 * are written in one canonical text (`1e3` as `1000`, `0.80` as `0.8`, a plain daily USD limit as `50`).
 * Pure: the CLI reads and writes, this decides what the new text is.
 */
import { isLosslessNumber, LosslessNumber, parse as parseJsonLosslessly } from 'lossless-json';
import { formatNanos, parseNanos, parsePositiveAmount } from './money';
import { parseThresholdValue, plainKeyOf, type ThresholdSettings } from './threshold-values';

/** A value's fields as written: numbers stay `LosslessNumber`s, so that nothing is rounded. */
export type ValueFields = Record<string, unknown>;

/** The fields an edit may change; `false` removes the field (`--no-monthly`). */
export interface ThresholdEdit {
  readonly daily?: string | false;
  readonly monthly?: string | false;
  readonly warnAt?: readonly string[] | false;
  readonly currency?: string;
  readonly filter?: Readonly<Record<string, string>> | false;
  readonly forecast?: boolean;
  readonly spike?: boolean;
  readonly enabled?: boolean;
  /** The balance's levels (`--minimum`, `--warn-below`, `--runway-hours`). */
  readonly minimum?: string | false;
  readonly warnBelow?: string | false;
  readonly runwayHours?: string | false;
}

export type EditResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** A UTF-8 byte order mark, as some editors write at the start of a file. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * A value's fields: a plain amount is `{daily: amount}` (`{minimum: amount}` for the balance); undefined when the
 * text is neither an amount nor a JSON object.
 */
export function valueFields(text: string, product?: string): ValueFields | undefined {
  const trimmed = withoutBom(text).trim();
  if (trimmed === '') return undefined;
  if (!trimmed.startsWith('{')) return /^["[]/.test(trimmed) ? undefined : { [plainKeyOf(product)]: numberOrText(trimmed) };
  let parsed: unknown;
  try {
    parsed = parseJsonLosslessly(trimmed);
  } catch {
    return undefined;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && !isLosslessNumber(parsed) ? (parsed as ValueFields) : undefined;
}

function numberOrText(text: string): unknown {
  return JSON_NUMBER.test(text) ? new LosslessNumber(text) : text;
}

/**
 * A number as the canonical decimal (`1e3` -> `1000`, `0.80` -> `0.8`), when that is exact (at most 9
 * decimals) and within the amount bound; otherwise as written, so that the parser judges what was typed.
 */
export function canonicalNumber(text: string): string {
  const match = /^-?\d+(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return text;
  const decimals = (match[1] ?? '').replace(/0+$/, '').length - Number(match[2] ?? 0);
  const nanos = parseNanos(text);
  if (decimals > 9 || nanos === undefined || nanos >= 10n ** 21n || nanos <= -(10n ** 21n)) return text;
  return formatNanos(nanos, 0);
}

function canonical(value: unknown): unknown {
  if (isLosslessNumber(value)) return new LosslessNumber(canonicalNumber(value.value));
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, canonical(inner)]));
  return value;
}

/** JSON with a space after `,` and `:`, numbers as written: `{"daily": 50, "warnAt": [0.8]}`. */
function stringify(value: unknown): string {
  if (isLosslessNumber(value)) return value.value;
  if (Array.isArray(value)) return `[${value.map(stringify).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, inner]) => `${JSON.stringify(key)}: ${stringify(inner)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The fields as the value text to write, numbers canonical. `plain` allows a lone daily limit (the balance's lone
 * minimum) to be written as a plain amount (`50`): for an edit of a plain or new value, or a value given plain;
 * JSON stays JSON.
 */
export function formatValueFields(fields: ValueFields, plain = true, product?: string): string {
  const normal = canonical(fields) as ValueFields;
  const keys = Object.keys(normal);
  const key = plainKeyOf(product);
  const amount = normal[key];
  if (plain && keys.length === 1 && keys[0] === key && isLosslessNumber(amount) && parsePositiveAmount(amount.value).ok) return amount.value;
  return stringify(normal);
}

/** A valid value in the canonical text, in the shape it was given; an invalid one as typed (trimmed), so that the parser's message quotes what was typed. */
export function canonicalValue(text: string, product?: string): string {
  const fields = valueFields(text, product);
  const typed = withoutBom(text).trim();
  return fields === undefined || !parseThresholdValue(typed, product).ok ? typed : formatValueFields(fields, !typed.startsWith('{'), product);
}

/**
 * The value after `edit`, from `current` (undefined: a new product starts from nothing). Every field the edit
 * does not name is kept as written. A current value whose fields cannot be read is not guessed at.
 */
export function editThresholdValue(current: string | undefined, edit: ThresholdEdit, product?: string): EditResult {
  const fields = current === undefined ? {} : valueFields(current, product);
  if (fields === undefined) {
    return { ok: false, reason: 'its current value is neither an amount nor a JSON object, so there are no fields to keep' };
  }
  const next: ValueFields = { ...fields };
  const setOrRemove = (key: string, value: unknown) => {
    if (value === false) delete next[key];
    else if (value !== undefined) next[key] = value;
  };
  setOrRemove('daily', typeof edit.daily === 'string' ? numberOrText(edit.daily.trim()) : edit.daily);
  setOrRemove('monthly', typeof edit.monthly === 'string' ? numberOrText(edit.monthly.trim()) : edit.monthly);
  setOrRemove('warnAt', edit.warnAt === false ? false : edit.warnAt?.map((fraction) => numberOrText(fraction.trim())));
  setOrRemove('currency', edit.currency?.trim().toUpperCase());
  setOrRemove('filter', edit.filter === false ? false : edit.filter && { ...edit.filter });
  for (const key of ['minimum', 'warnBelow', 'runwayHours'] as const) {
    const value = edit[key];
    setOrRemove(key, typeof value === 'string' ? numberOrText(value.trim()) : value);
  }
  // Switches are written as said (`"forecast": false`), so that the value reads as the operator asked.
  if (edit.forecast !== undefined) next.forecast = edit.forecast;
  // `--spike` keeps a spike already on with its own factor; only a spike that is off becomes `true`.
  const spikeOn = next.spike !== undefined && next.spike !== false;
  if (edit.spike !== undefined && !(edit.spike && spikeOn)) next.spike = edit.spike;
  if (edit.enabled !== undefined) next.enabled = edit.enabled;
  const plain = current === undefined || !withoutBom(current).trim().startsWith('{');
  return { ok: true, text: formatValueFields(next, plain, product) };
}

/** The fields `current` has that `replacement` does not: what replacing the whole value drops. */
export function droppedFields(current: string, replacement: string, product?: string): string[] {
  const before = valueFields(current, product);
  const after = valueFields(replacement, product);
  if (before === undefined || after === undefined) return [];
  return Object.keys(before).filter((key) => !Object.hasOwn(after, key));
}

/** What is allowed but likely a mistake, for people to read before it is written. */
export function thresholdWarnings(settings: Pick<ThresholdSettings, 'daily' | 'monthly' | 'currency'>): string[] {
  const warnings: string[] = [];
  if (settings.daily !== undefined && settings.monthly !== undefined && settings.monthly < settings.daily) {
    warnings.push(
      `the monthly limit (${formatNanos(settings.monthly)} ${settings.currency}) is below the daily one (${formatNanos(settings.daily)} ${settings.currency}): ` +
        'the month always reaches its limit before any day reaches the daily one; was one of them meant to be larger?',
    );
  }
  return warnings;
}
