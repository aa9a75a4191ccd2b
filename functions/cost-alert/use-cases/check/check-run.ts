/**
 * The check's run: a `Run` (clock, deadlines, problems) plus the periods it looks at: the current day and
 * month, and the ones that ended within the grace time for late usage.
 */
import type { AccountsKept } from '../../domain/account-rules';
import { AccountIndex } from '../../domain/account-spend';
import { HOUR_MS } from '../../domain/time';
import { periodsAt } from '../../domain/periods';
import { DEFAULT_LATE_USAGE_HOURS } from '../../domain/settings';
import type { Period, PeriodKind } from '../../domain/types';
import { Run, type UseCaseDependencies } from '../run';

export interface CheckDependencies extends UseCaseDependencies {
  /**
   * Hours after a day or month ends during which it is still evaluated (usage Telnyx reports late, and spend
   * between the last run of a day and its end). Default 6; 0 looks at the current periods only.
   */
  readonly lateUsageHours?: number;
  /** The managed accounts the report lists: every one judged (default: the CLI), or only those over a level (the Lambda). */
  readonly accountsKept?: AccountsKept;
}

/** A period the run evaluates: the current one, or one that ended less than the grace time ago. */
export interface TrackedPeriod {
  readonly period: Period;
  readonly state: 'current' | 'ended';
}

export class CheckRun extends Run<CheckDependencies> {
  /** The current day and month first, then any ended period still in its grace time. */
  readonly periods: readonly TrackedPeriod[];
  /** The managed accounts' user_ids, numbered once for every managed-accounts read of the run (domain/account-spend.ts). */
  readonly accountIndex = new AccountIndex();

  constructor(deps: CheckDependencies) {
    super(deps);
    this.periods = trackedPeriods(this.now, this.timeZone, deps.lateUsageHours ?? DEFAULT_LATE_USAGE_HOURS);
  }

  /** The run's periods of one kind. */
  periodsOf(kind: PeriodKind): TrackedPeriod[] {
    return this.periods.filter((tracked) => tracked.period.kind === kind);
  }

  /** Today, or this month. */
  current(kind: PeriodKind): Period {
    const current = this.periodsOf(kind).find((tracked) => tracked.state === 'current');
    if (!current) throw new Error(`the run has no current ${kind} period`);
    return current.period;
  }
}

export function startCheckRun(deps: CheckDependencies): CheckRun {
  return new CheckRun(deps);
}

/**
 * The current day and month, and the day (month) that ended less than `lateUsageHours` ago. The ended day
 * is the one containing the instant just before today's start, so a 23- or 25-hour day is taken whole.
 */
export function trackedPeriods(now: Date, timeZone: string, lateUsageHours: number): TrackedPeriod[] {
  const current = periodsAt(now, timeZone);
  const tracked: TrackedPeriod[] = [
    { period: current.daily, state: 'current' },
    { period: current.monthly, state: 'current' },
  ];
  const graceMs = lateUsageHours * HOUR_MS;
  for (const kind of ['daily', 'monthly'] as const) {
    const start = current[kind].start.getTime();
    if (now.getTime() - start < graceMs) tracked.push({ period: periodsAt(new Date(start - 1), timeZone)[kind], state: 'ended' });
  }
  return tracked;
}
