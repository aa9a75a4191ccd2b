/**
 * The `managedAccounts` field of a threshold: a limit for every managed account of the API key, from one value.
 *
 *   {"daily": 20, "monthly": 300, "warnAt": [0.8], "overrides": {"<user_id>": {"daily": 100}, "<user_id>": false}}
 *
 * Every managed account gets the default limits; an override replaces them for one account (its `daily` and
 * `monthly` are the account's limits, a limit it leaves out does not apply to it; its `warnAt`, when given,
 * replaces the default's), and `false` exempts the account. Parsed as strictly as the rest of a threshold: the
 * one amount rule, unknown keys refused with a suggestion, every issue named by its path.
 */
import { isLosslessNumber } from 'lossless-json';
import { formatNanos } from './money';
import { closest } from './name-suggestion';
import { accepted, type Parsed, refused } from './parsed';
import { parseThresholdAmount, parseWarnAt } from './threshold-fields';
import { shown } from './threshold-json';
import type { AccountLimits, ManagedAccountLimits, PeriodKind } from './types';

export const MANAGED_ACCOUNTS_KEY = 'managedAccounts';
const LIMIT_KEYS = ['daily', 'monthly', 'warnAt'] as const;
const KEYS = [...LIMIT_KEYS, 'overrides'] as const;
const EXAMPLE = '{"daily": 20, "monthly": 300, "warnAt": [0.8], "overrides": {"<user_id>": {"daily": 100}, "<user_id>": false}}';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

function unknownKeys(object: Record<string, unknown>, keys: readonly string[], path: string): string[] {
  return Object.keys(object)
    .filter((key) => !keys.includes(key))
    .map((key) => {
      const suggestion = closest(key, keys);
      return `Unknown key "${path}.${key}": ${suggestion ? `did you mean "${suggestion}"? ` : ''}The keys of "${path}" are ${keys.map((k) => `"${k}"`).join(', ')}.`;
    });
}

/** `daily`, `monthly` and `warnAt` of the defaults or of one override; at least one limit. */
function readLimits(object: Record<string, unknown>, path: string, allowed: readonly string[], issues: string[]): AccountLimits {
  issues.push(...unknownKeys(object, allowed, path));
  const limits: { daily?: bigint; monthly?: bigint; warnAtPpm: readonly number[] } = { warnAtPpm: [] };
  for (const kind of ['daily', 'monthly'] as const) {
    if (!Object.hasOwn(object, kind)) continue;
    const amount = parseThresholdAmount(`"${path}.${kind}"`, object[kind]);
    if (amount.ok) limits[kind] = amount.value;
    else issues.push(amount.problem);
  }
  if (Object.hasOwn(object, 'warnAt')) {
    const warnAt = parseWarnAt(object.warnAt);
    if (warnAt.ok) limits.warnAtPpm = warnAt.value;
    else issues.push(`In "${path}": ${warnAt.problem}`);
  }
  if (!Object.hasOwn(object, 'daily') && !Object.hasOwn(object, 'monthly')) issues.push(`"${path}" needs a "daily" or a "monthly" limit (or both).`);
  return limits;
}

function readOverrides(value: unknown, issues: string[]): Map<string, AccountLimits | false> {
  const overrides = new Map<string, AccountLimits | false>();
  const path = `${MANAGED_ACCOUNTS_KEY}.overrides`;
  if (!isObject(value)) {
    issues.push(`"${path}" must be an object of user_id to limits or false, e.g. {"<user_id>": {"daily": 100}, "<user_id>": false}; got ${shown(value)}.`);
    return overrides;
  }
  for (const [key, limits] of Object.entries(value)) {
    const userId = key.trim();
    if (userId === '' || /\s/.test(userId)) {
      issues.push(`"${path}" has the key ${JSON.stringify(key)}, which is no user_id: a key is a managed account's user_id, as Telnyx lists it.`);
      continue;
    }
    if (limits === false) {
      overrides.set(userId, false);
    } else if (isObject(limits)) {
      overrides.set(userId, readLimits(limits, `${path}.${userId}`, LIMIT_KEYS, issues));
    } else {
      issues.push(`"${path}.${userId}" must be limits, e.g. {"daily": 100}, or false to exempt the account; got ${shown(limits)}.`);
    }
  }
  return overrides;
}

/** The `managedAccounts` value: the default limits and the overrides, or every issue with it. */
export function parseManagedAccounts(value: unknown): Parsed<ManagedAccountLimits, string[]> {
  if (!isObject(value)) return refused([`"${MANAGED_ACCOUNTS_KEY}" must be an object, e.g. ${EXAMPLE}; got ${shown(value)}.`]);
  const issues: string[] = [];
  const defaults = readLimits(value, MANAGED_ACCOUNTS_KEY, KEYS, issues);
  const overrides = Object.hasOwn(value, 'overrides') ? readOverrides(value.overrides, issues) : new Map<string, AccountLimits | false>();
  return issues.length > 0 ? refused(issues) : accepted({ ...defaults, overrides });
}

/** The limits of one managed account, or undefined when it is exempt. An override keeps the default `warnAt` unless it has its own. */
export function limitsFor(managed: ManagedAccountLimits, userId: string): (AccountLimits & { readonly source: 'default' | 'override' }) | undefined {
  const override = managed.overrides.get(userId);
  if (override === false) return undefined;
  if (override === undefined) return { daily: managed.daily, monthly: managed.monthly, warnAtPpm: managed.warnAtPpm, source: 'default' };
  return {
    daily: override.daily,
    monthly: override.monthly,
    warnAtPpm: override.warnAtPpm.length > 0 ? override.warnAtPpm : managed.warnAtPpm,
    source: 'override',
  };
}

/** Whether any managed account can have a limit of this kind (the defaults, or an override). */
export function hasAccountLimit(managed: ManagedAccountLimits, kind: PeriodKind): boolean {
  return managed[kind] !== undefined || [...managed.overrides.values()].some((override) => override !== false && override[kind] !== undefined);
}

const fraction = (ppm: number) => formatNanos(BigInt(ppm) * 1000n, 0);

function limitFields(limits: AccountLimits): string[] {
  const fields: string[] = [];
  if (limits.daily !== undefined) fields.push(`"daily": ${formatNanos(limits.daily, 0)}`);
  if (limits.monthly !== undefined) fields.push(`"monthly": ${formatNanos(limits.monthly, 0)}`);
  if (limits.warnAtPpm.length > 0) fields.push(`"warnAt": [${limits.warnAtPpm.map(fraction).join(', ')}]`);
  return fields;
}

/**
 * The field as an operator writes it, reading back as the same limits: `{"daily": 20, "overrides": {...}}`.
 * `sorted` orders the overrides by user_id, so that two values compare by meaning (threshold-plan.ts).
 */
export function formatManagedAccounts(managed: ManagedAccountLimits, sorted = false): string {
  const entries = [...managed.overrides];
  if (sorted) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const overrides = entries.map(([userId, limits]) => `${JSON.stringify(userId)}: ${limits === false ? 'false' : `{${limitFields(limits).join(', ')}}`}`);
  const fields = [...limitFields(managed), ...(overrides.length > 0 ? [`"overrides": {${overrides.join(', ')}}`] : [])];
  return `{${fields.join(', ')}}`;
}

/** For people: 'managed accounts daily 20.00 USD, warn at 80%, 2 overrides, 1 exempt'. */
export function describeManagedAccounts(managed: ManagedAccountLimits, currency: string): string {
  const parts: string[] = [];
  if (managed.daily !== undefined) parts.push(`daily ${formatNanos(managed.daily)} ${currency}`);
  if (managed.monthly !== undefined) parts.push(`monthly ${formatNanos(managed.monthly)} ${currency}`);
  if (managed.warnAtPpm.length > 0) parts.push(`warn at ${managed.warnAtPpm.map((ppm) => `${formatNanos(BigInt(ppm) * 100_000n, 0)}%`).join(', ')}`);
  const exempt = [...managed.overrides.values()].filter((override) => override === false).length;
  const overridden = managed.overrides.size - exempt;
  if (overridden > 0) parts.push(`${overridden} override${overridden === 1 ? '' : 's'}`);
  if (exempt > 0) parts.push(`${exempt} exempt`);
  return `managed accounts ${parts.join(', ')}`;
}
