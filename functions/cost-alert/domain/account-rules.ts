/**
 * What counts as a breach for a managed account: its spend in a period, in the threshold's currency, at or above
 * a level of its own limits (the defaults of `managedAccounts`, or its override; an exempt account never
 * breaches). The levels are those of a limit (limit-rules.ts): a warning at floor(L x warnAt), critical at L.
 */
import { limitsFor } from './account-limits';
import type { AccountSums } from './account-spend';
import { levelsOf } from './limit-rules';
import type { Level, ManagedAccountLimits, Period, PeriodKind, Threshold } from './types';

const PPM = 1_000_000n;

/** One managed account in one period of one threshold. */
export interface AccountEvaluation {
  readonly threshold: Threshold;
  readonly period: Period;
  readonly periodState: 'current' | 'ended';
  readonly userId: string;
  readonly spend: bigint;
  readonly limit: bigint;
  /** Where the limit comes from: the defaults of `managedAccounts`, or the account's override. */
  readonly source: 'default' | 'override';
  /** The highest level reached, if any. */
  readonly level?: Level;
}

/** Spend as parts per million of the limit, for ordering by share (exact). */
export function shareOf(evaluation: Pick<AccountEvaluation, 'spend' | 'limit'>): bigint {
  return (evaluation.spend * PPM) / evaluation.limit;
}

/** Largest share first; equal shares by user_id, so that every run orders them alike. */
export function byShare(a: AccountEvaluation, b: AccountEvaluation): number {
  const difference = shareOf(b) - shareOf(a);
  if (difference !== 0n) return difference > 0n ? 1 : -1;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/**
 * Every account with spend in the period, judged against its limit of the period's kind. Accounts without a limit
 * of that kind (exempt, or an override without it) are left out; so are accounts without spend, which no level
 * can reach (limits are positive).
 */
export function evaluateAccounts(threshold: Threshold, period: Period, periodState: 'current' | 'ended', spends: AccountSums): AccountEvaluation[] {
  const managed = threshold.managedAccounts;
  if (!managed || !threshold.enabled) return [];
  const kind = period.kind;
  // The defaults' levels once, not once per account: 10,000 accounts are judged every run.
  const defaults = managed[kind] === undefined ? undefined : { limit: managed[kind], levels: levelsOf(managed, kind), source: 'default' as const };
  const evaluations: AccountEvaluation[] = [];
  spends.forEach((spend, userId) => {
    const judged = managed.overrides.has(userId) ? overrideOf(managed, userId, kind) : defaults;
    if (judged === undefined) return;
    const { limit, levels, source } = judged;
    let level: Level | undefined;
    for (const candidate of levels) if (spend >= candidate.at) level = candidate;
    evaluations.push(
      level ? { threshold, period, periodState, userId, spend, limit, source, level } : { threshold, period, periodState, userId, spend, limit, source },
    );
  });
  return evaluations;
}

/** An overridden account's limit and levels of this kind, or undefined when it is exempt or its override has no such limit. */
function overrideOf(managed: ManagedAccountLimits, userId: string, kind: PeriodKind): { limit: bigint; levels: Level[]; source: 'override' } | undefined {
  const limits = limitsFor(managed, userId);
  const limit = limits?.[kind];
  if (limits === undefined || limit === undefined) return undefined;
  return { limit, levels: levelsOf(limits, kind), source: 'override' };
}
