/**
 * Thresholds as operators write them: one String parameter per product under the thresholds path,
 * plus `total`. A value is either a plain amount (`50`: a daily limit in USD) or a JSON object
 * (`{"daily": 50, "monthly": 900, "warnAt": [0.8], "currency": "USD", "filter": {"direction": "outbound"}, "enabled": true}`).
 *
 * Parsing is strict (a typo such as "dayly" is an error, never ignored) and local (one bad parameter
 * never affects another); every problem says which parameter, what is wrong and what a valid value looks like.
 *
 * What a value may hold is a table (`ValueShape`): its fields, each with its parser (threshold-fields.ts), and
 * the rules over the whole value. A new field is one more row; a reserved name with a value of its own (as
 * `total` has no filter) is one more shape in `RESERVED_SHAPES`.
 */
import { parse as parseJsonLosslessly } from 'lossless-json';
import { MANAGED_ACCOUNTS_KEY, parseManagedAccounts } from './account-limits';
import { messageOf } from './error-text';
import { parsePositiveAmount } from './money';
import { closest } from './name-suggestion';
import { accepted, type Parsed, refused } from './parsed';
import { BALANCE_LEVELS } from './balance-threshold';
import { asksForSpike, type ParserRules, parseSignalFields, SIGNAL_KEYS } from './signal-config';
import { DEFAULT_CURRENCY, parseBoolean, parseCurrency, parseFilter, parseThresholdAmount, parseWarnAt, refuseFilterOnTotal } from './threshold-fields';
import { shown } from './threshold-json';
import { BALANCE, TOTAL } from './types';
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

/** One key of a threshold value: its parser, and where its value goes in the settings. */
export interface ValueField {
  readonly key: string;
  readonly read: (value: unknown) => Parsed<Partial<ThresholdSettings>>;
}

/** A rule over the whole value, once it is known whether a limit is given; `keys` are the keys it reads. */
export interface ValueRule {
  readonly keys: readonly string[];
  readonly read: (object: Readonly<Record<string, unknown>>, hasLimit: boolean) => { settings: Partial<ThresholdSettings>; issues: readonly string[] };
}

/** What a threshold value may hold. Problems are listed in this order: limits, rules, options. */
export interface ValueShape {
  /** The limits, read first: the rules depend on whether one is given. */
  readonly limits: readonly ValueField[];
  readonly rules: readonly ValueRule[];
  readonly options: readonly ValueField[];
  /** What a valid value looks like; it closes every problem with a value. */
  readonly hint: string;
  /** A plain amount (`50`): the key it stands for, what it means, and its settings. */
  readonly plain: { readonly key: string; readonly meaning: string; readonly settings: (amount: bigint) => Partial<ThresholdSettings> };
}

/** A field whose parsed value is the setting `setting`. */
function field<K extends keyof ThresholdSettings>(key: string, setting: K, parse: (value: unknown) => Parsed<ThresholdSettings[K]>): ValueField {
  return {
    key,
    read: (value) => {
      const parsed = parse(value);
      return parsed.ok ? accepted({ [setting]: parsed.value }) : parsed;
    },
  };
}

/** The signal fields judge amounts and typos with the threshold's own rules. */
const SIGNAL_PARSER_RULES: ParserRules = {
  amount: (key, value) => {
    const amount = parseThresholdAmount(`"${key}"`, value);
    return amount.ok ? amount.value : amount.problem;
  },
  closest,
};

const LIMIT_OR_SPIKE: ValueRule = {
  keys: [],
  read: (object, hasLimit) => ({
    settings: {},
    issues:
      hasLimit || asksForSpike(object) || Object.hasOwn(object, MANAGED_ACCOUNTS_KEY)
        ? []
        : ['The value needs a "daily" or a "monthly" limit (or both), "spike": true, or "managedAccounts".'],
  }),
};

const SIGNALS: ValueRule = {
  keys: SIGNAL_KEYS,
  read: (object, hasLimit) => {
    const signals = parseSignalFields(object, hasLimit, SIGNAL_PARSER_RULES);
    return { settings: signals.fields, issues: signals.issues };
  },
};

const PRODUCT_SHAPE: ValueShape = {
  limits: [
    field('daily', 'daily', (value) => parseThresholdAmount('"daily"', value)),
    field('monthly', 'monthly', (value) => parseThresholdAmount('"monthly"', value)),
  ],
  rules: [LIMIT_OR_SPIKE, SIGNALS],
  options: [
    field('warnAt', 'warnAtPpm', parseWarnAt),
    field('currency', 'currency', parseCurrency),
    field('filter', 'filter', parseFilter),
    field('enabled', 'enabled', (value) => parseBoolean('enabled', value)),
    field(MANAGED_ACCOUNTS_KEY, 'managedAccounts', (value) => {
      const parsed = parseManagedAccounts(value);
      return parsed.ok ? parsed : refused(parsed.problem.join(' '));
    }),
  ],
  hint: 'A valid value is 50 (a daily limit in USD) or {"daily": 50, "monthly": 900, "warnAt": [0.8], "filter": {"direction": "outbound"}}.',
  plain: { key: 'daily', meaning: 'a daily limit', settings: (daily) => ({ daily }) },
};

/** `total` sums products of different dimensions: the same fields, but a filter is refused. */
const TOTAL_SHAPE: ValueShape = {
  ...PRODUCT_SHAPE,
  options: PRODUCT_SHAPE.options.map((option) => (option.key === 'filter' ? field('filter', 'filter', refuseFilterOnTotal) : option)),
  hint: 'A valid value is 50 (a daily limit in USD) or {"daily": 50, "monthly": 900, "warnAt": [0.8]}.',
};

/** `balance` watches the account's available credit (balance-threshold.ts), not a product's spend. */
const BALANCE_SHAPE: ValueShape = {
  limits: [],
  rules: [BALANCE_LEVELS],
  options: [field('currency', 'currency', parseCurrency), field('enabled', 'enabled', (value) => parseBoolean('enabled', value))],
  hint: 'A valid value is 100 (the minimum available credit in USD) or {"minimum": 100, "warnBelow": 250, "runwayHours": 24}.',
  plain: { key: 'minimum', meaning: 'the minimum available credit', settings: (minimum) => ({ balance: { minimum } }) },
};

/** Parameter names with a value shape of their own; every other name is a product's. */
const RESERVED_SHAPES: ReadonlyMap<string, ValueShape> = new Map([
  [TOTAL, TOTAL_SHAPE],
  [BALANCE, BALANCE_SHAPE],
]);

/** True for a name that is not a Telnyx product (`total`, `balance`): never checked against Telnyx's list of products. */
export function isReservedName(name: string): boolean {
  return RESERVED_SHAPES.has(name);
}

/** The key a plain amount stands for in the value of `product`: `daily`, or `minimum` for the balance. */
export function plainKeyOf(product: string | undefined): string {
  return valueShapeOf(product).plain.key;
}

/** The shape of the value of parameter `product` (a product's when not known). */
export function valueShapeOf(product: string | undefined): ValueShape {
  return (product === undefined ? undefined : RESERVED_SHAPES.get(product)) ?? PRODUCT_SHAPE;
}

/** What a valid value looks like, closing every problem with a value (no filter on `total`). */
export function validValueHint(product: string | undefined): string {
  return valueShapeOf(product).hint;
}

/** The settings a value leaves out. */
function defaults(): Pick<ThresholdSettings, 'warnAtPpm' | 'currency' | 'filter' | 'enabled'> {
  return { warnAtPpm: [], currency: DEFAULT_CURRENCY, filter: {}, enabled: true };
}

/**
 * Validates one parameter value. `product` (when known) picks its shape, e.g. refuses a filter on `total`.
 * Used for every parameter by `parseThresholds`, and by the CLI before it writes a value.
 */
export function parseThresholdValue(text: string, product?: string): ThresholdValueResult {
  const shape = valueShapeOf(product);
  const fail = (issues: readonly string[]): ThresholdValueResult => ({ ok: false, issues, message: `${issues.join(' ')} ${shape.hint}` });
  const trimmed = text.trim();
  if (trimmed === '') return fail(['The value is empty.']);
  if (!trimmed.startsWith('{')) {
    const plain = parsePlainAmount(trimmed, shape);
    return plain.ok ? { ok: true, settings: plain.value } : fail([plain.problem]);
  }
  const object = parseObject(trimmed);
  if (!object.ok) return fail([object.problem]);
  const { settings, issues } = readObject(object.value, shape);
  return issues.length > 0 ? fail(issues) : { ok: true, settings };
}

/** `50`: a daily limit (the balance's minimum) in the default currency. */
function parsePlainAmount(trimmed: string, shape: ValueShape): Parsed<ThresholdSettings> {
  if (/^[[\]"]/.test(trimmed) || /^(true|false|null)$/.test(trimmed)) {
    return refused(`The value must be an amount or a JSON object; got ${shown(trimmed)}.`);
  }
  const amount = parsePositiveAmount(trimmed);
  if (!amount.ok && amount.problem === 'not-a-number') {
    return refused(`The value must be an amount (${shape.plain.meaning} in ${DEFAULT_CURRENCY}) or a JSON object; got ${shown(trimmed)}.`);
  }
  const plain = parseThresholdAmount(shape.plain.key === 'daily' ? 'The limit' : `The ${shape.plain.key}`, trimmed);
  return plain.ok ? accepted({ ...shape.plain.settings(plain.value), ...defaults() }) : plain;
}

/**
 * The value's JSON object, every number kept as the text the operator wrote (a `LosslessNumber`): JSON.parse
 * would turn 1e400 into Infinity and round a 17-digit limit, so the amount rule would judge another number.
 */
function parseObject(text: string): Parsed<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = parseJsonLosslessly(text);
  } catch (error) {
    return refused(`The value is not valid JSON (${messageOf(error)}).`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return refused(`The value must be an amount or a JSON object; got ${shown(parsed)}.`);
  }
  return accepted(parsed as Record<string, unknown>);
}

/** Every key of `object` read by its shape: the settings, and every issue at once. */
function readObject(object: Readonly<Record<string, unknown>>, shape: ValueShape): { settings: ThresholdSettings; issues: string[] } {
  const keys = [...shape.limits, ...shape.options].map((known) => known.key).concat(shape.rules.flatMap((rule) => rule.keys));
  const issues = unknownKeys(object, keys);
  const limits = readFields(object, shape.limits, issues);
  const hasLimit = shape.limits.some((limit) => Object.hasOwn(object, limit.key));
  const ruled: Partial<ThresholdSettings>[] = [];
  for (const rule of shape.rules) {
    const reading = rule.read(object, hasLimit);
    ruled.push(reading.settings);
    issues.push(...reading.issues);
  }
  const options = readFields(object, shape.options, issues);
  return { settings: Object.assign({ ...limits, ...defaults(), ...options }, ...ruled) as ThresholdSettings, issues };
}

function readFields(object: Readonly<Record<string, unknown>>, fields: readonly ValueField[], issues: string[]): Partial<ThresholdSettings> {
  const settings: Partial<ThresholdSettings> = {};
  for (const known of fields) {
    if (!Object.hasOwn(object, known.key)) continue;
    const parsed = known.read(object[known.key]);
    if (parsed.ok) Object.assign(settings, parsed.value);
    else issues.push(parsed.problem);
  }
  return settings;
}

/** A typo is an issue with the closest key suggested, never ignored. */
function unknownKeys(object: Readonly<Record<string, unknown>>, keys: readonly string[]): string[] {
  return Object.keys(object)
    .filter((key) => !keys.includes(key))
    .map((key) => {
      const suggestion = closest(key, keys);
      const didYouMean = suggestion ? `did you mean "${suggestion}"? ` : '';
      return `Unknown key "${key}": ${didYouMean}The keys are ${keys.map((k) => `"${k}"`).join(', ')}.`;
    });
}
