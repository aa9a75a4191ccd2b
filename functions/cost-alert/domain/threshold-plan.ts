/**
 * The plan of `thresholds apply`: what it takes for the thresholds under a path to become exactly a file's,
 * product by product: added, changed (field by field), unchanged, or only in Parameter Store (deleted only
 * when asked to prune). Values are compared by what they mean, not how they are spelt (`50` and `{"daily": 50}`
 * are the same threshold), so that a second run after an apply has nothing to change. Pure.
 */
import { formatManagedAccounts } from './account-limits';
import { formatNanos } from './money';
import { formatSignalFields } from './signal-config';
import { canonicalValue } from './threshold-edit';
import { parseThresholdValue, type ThresholdSettings } from './threshold-values';
import { ppmToFraction } from './threshold-text';

/** A threshold the file asks for. */
export interface WantedThreshold {
  readonly product: string;
  readonly name: string;
  readonly value: string;
}

/** A parameter found under the path. SecureStrings are never thresholds: their value is not read. */
export interface StoredThreshold {
  readonly name: string;
  /** The name below the path; undefined when the parameter does not sit directly under it. */
  readonly product?: string;
  readonly value: string;
  readonly type: string;
}

export interface FieldChange {
  readonly field: string;
  readonly from: string;
  readonly to: string;
}

export type PlanEntry =
  | { readonly action: 'added'; readonly product: string; readonly name: string; readonly value: string }
  | {
      readonly action: 'changed';
      readonly product: string;
      readonly name: string;
      readonly value: string;
      readonly current: string;
      readonly fields: readonly FieldChange[];
    }
  | { readonly action: 'unchanged'; readonly product: string; readonly name: string; readonly value: string }
  | {
      readonly action: 'only-in-parameter-store';
      readonly product?: string;
      readonly name: string;
      /** Empty for a SecureString (never shown). */
      readonly current: string;
      readonly type: string;
      /** True when --prune deletes it (never a SecureString). */
      readonly delete: boolean;
    };

export interface ThresholdPlan {
  readonly entries: readonly PlanEntry[];
  /** Parameters the file would overwrite but must not (a SecureString is not a threshold). */
  readonly conflicts: readonly string[];
}

export const SECURE_STRING = 'SecureString';

/** The plan from the file's thresholds (already validated) and what the path holds now. */
export function planThresholds(wanted: readonly WantedThreshold[], stored: readonly StoredThreshold[], options: { readonly prune: boolean }): ThresholdPlan {
  const byName = new Map(stored.map((parameter) => [parameter.name, parameter]));
  const entries: PlanEntry[] = [];
  const conflicts: string[] = [];
  for (const { product, name, value } of wanted) {
    const text = canonicalValue(value, product);
    const current = byName.get(name);
    if (current === undefined) {
      entries.push({ action: 'added', product, name, value: text });
    } else if (current.type === SECURE_STRING) {
      conflicts.push(
        `${name} is a SecureString, and a SecureString is not a threshold: apply neither reads nor overwrites it; thresholds are String parameters`,
      );
    } else {
      const fields = fieldChanges(current.value, text, product);
      entries.push(
        fields.length === 0
          ? { action: 'unchanged', product, name, value: text }
          : { action: 'changed', product, name, value: text, current: current.value.trim(), fields },
      );
    }
  }
  const wantedNames = new Set(wanted.map((threshold) => threshold.name));
  for (const parameter of [...stored].sort((a, b) => a.name.localeCompare(b.name))) {
    if (wantedNames.has(parameter.name)) continue;
    const secure = parameter.type === SECURE_STRING;
    entries.push({
      action: 'only-in-parameter-store',
      ...(parameter.product === undefined ? {} : { product: parameter.product }),
      name: parameter.name,
      current: secure ? '' : parameter.value.trim(),
      type: parameter.type,
      delete: options.prune && !secure,
    });
  }
  return { entries, conflicts };
}

/** The fields whose meaning differs between two values; a current value that does not parse differs as a whole. */
export function fieldChanges(current: string, wanted: string, product?: string): FieldChange[] {
  const before = parseThresholdValue(current, product);
  const after = parseThresholdValue(wanted, product);
  if (!after.ok) return [{ field: 'value', from: current.trim(), to: wanted }];
  if (!before.ok) return [{ field: 'value', from: `${current.trim()} (invalid)`, to: wanted }];
  const from = fieldTexts(before.settings);
  const to = fieldTexts(after.settings);
  return Object.keys(to)
    .filter((field) => from[field] !== to[field])
    .map((field) => ({ field, from: from[field] ?? '', to: to[field] ?? '' }));
}

const NONE = '(none)';

/** Each field as an operator writes it, defaults included, so that two settings compare field by field. */
export function fieldTexts(settings: ThresholdSettings): Record<string, string> {
  const signal = (key: 'forecast' | 'spike') => formatSignalFields({ [key]: settings[key] })[0]?.slice(`"${key}": `.length) ?? 'false';
  return {
    daily: settings.daily === undefined ? NONE : formatNanos(settings.daily, 0),
    monthly: settings.monthly === undefined ? NONE : formatNanos(settings.monthly, 0),
    warnAt: settings.warnAtPpm.length === 0 ? NONE : `[${settings.warnAtPpm.map(ppmToFraction).join(', ')}]`,
    currency: settings.currency,
    filter: Object.keys(settings.filter).length === 0 ? NONE : JSON.stringify(Object.fromEntries(Object.entries(settings.filter).sort())),
    forecast: signal('forecast'),
    spike: signal('spike'),
    enabled: String(settings.enabled),
    managedAccounts: settings.managedAccounts === undefined ? NONE : formatManagedAccounts(settings.managedAccounts, true),
    ...balanceFieldTexts(settings),
  };
}

/** The balance's levels, for the balance threshold only (other values have none). */
function balanceFieldTexts({ balance }: ThresholdSettings): Record<string, string> {
  if (!balance) return {};
  const amount = (nanos: bigint | undefined) => (nanos === undefined ? NONE : formatNanos(nanos, 0));
  return {
    minimum: amount(balance.minimum),
    warnBelow: amount(balance.warnBelow),
    runwayHours: balance.runwayHours === undefined ? NONE : String(balance.runwayHours),
  };
}

/** How many of each action, for the plan's last line. */
export function planCounts(plan: ThresholdPlan): Record<PlanEntry['action'], number> & { deleted: number } {
  const counts = { added: 0, changed: 0, unchanged: 0, 'only-in-parameter-store': 0, deleted: 0 };
  for (const entry of plan.entries) {
    counts[entry.action]++;
    if (entry.action === 'only-in-parameter-store' && entry.delete) counts.deleted++;
  }
  return counts;
}
