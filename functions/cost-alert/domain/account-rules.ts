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
 * Which account evaluations a run keeps: every account judged (the CLI's `check -o json` lists them), or only
 * those over a level (the Lambda's alerts need no more; 10,000 accounts in 3 products and 2 periods would be
 * 60,000 objects a run for nothing).
 */
export type AccountsKept = 'all' | 'over';

/** A threshold's accounts in a period: the evaluations kept, and how many accounts were judged. */
export interface AccountJudgement {
  readonly evaluations: AccountEvaluation[];
  readonly judged: number;
}

/**
 * Every account with spend in the period, judged against its limit of the period's kind. Accounts without a limit
 * of that kind (exempt, or an override without it) are left out; so are accounts without spend, which no level
 * can reach (limits are positive).
 */
export function evaluateAccounts(threshold: Threshold, period: Period, periodState: 'current' | 'ended', spends: AccountSums): AccountEvaluation[] {
  return judgeAccounts(threshold, period, periodState, spends, 'all').evaluations;
}

/** `evaluateAccounts`, keeping every evaluation or only those over a level. */
export function judgeAccounts(
  threshold: Threshold,
  period: Period,
  periodState: 'current' | 'ended',
  spends: AccountSums,
  kept: AccountsKept,
): AccountJudgement {
  const managed = threshold.managedAccounts;
  if (!managed || !threshold.enabled) return { evaluations: [], judged: 0 };
  const kind = period.kind;
  // The defaults' levels once, not once per account: 10,000 accounts are judged every run.
  const defaults = managed[kind] === undefined ? undefined : { limit: managed[kind], levels: levelsOf(managed, kind), source: 'default' as const };
  const evaluations: AccountEvaluation[] = [];
  let judged = 0;
  spends.forEach((spend, userId) => {
    const limits = managed.overrides.has(userId) ? overrideOf(managed, userId, kind) : defaults;
    if (limits === undefined) return;
    judged++;
    const { limit, levels, source } = limits;
    let level: Level | undefined;
    for (const candidate of levels) if (spend >= candidate.at) level = candidate;
    if (level) evaluations.push({ threshold, period, periodState, userId, spend, limit, source, level });
    else if (kept === 'all') evaluations.push({ threshold, period, periodState, userId, spend, limit, source });
  });
  return { evaluations, judged };
}

/** An overridden account's limit and levels of this kind, or undefined when it is exempt or its override has no such limit. */
function overrideOf(managed: ManagedAccountLimits, userId: string, kind: PeriodKind): { limit: bigint; levels: Level[]; source: 'override' } | undefined {
  const limits = limitsFor(managed, userId);
  const limit = limits?.[kind];
  if (limits === undefined || limit === undefined) return undefined;
  return { limit, levels: levelsOf(limits, kind), source: 'override' };
}
