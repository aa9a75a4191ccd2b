/**
 * Phase 1 of the check, startRun: the clock read once, the periods the run looks at (the current day and
 * month, and the ones that ended within the grace time for late usage), the deadline of the usage reads,
 * and the run's list of problems. Every later phase takes this `Run`.
 */
import { HOUR_MS } from '../domain/hourly-series';
import type { Sleep } from '../confirm';
import { type AlertProblem, problemToAlert } from '../domain/problem-alert';
import { periodsAt } from '../domain/periods';
import type { Alert, Period, PeriodKind } from '../domain/types';
import type { AlertLedger, AlertPublisher, Clock, ThresholdStore, UsageSource } from '../ports';

/** The part of a logger the check uses; Powertools' Logger fits. */
export interface CheckLog {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface CheckDependencies {
  readonly thresholds: ThresholdStore;
  readonly usage: UsageSource;
  readonly ledger: AlertLedger;
  readonly publisher: AlertPublisher;
  readonly clock: Clock;
  readonly log: CheckLog;
  readonly timeZone: string;
  /** Epoch ms by which the run must be done (the Lambda's deadline); usage reads stop `publishReserveMs` before it. */
  readonly deadline?: number;
  /** Time kept for claiming and publishing after the usage reads. Default 10 s. */
  readonly publishReserveMs?: number;
  /**
   * Hours after a day or month ends during which it is still evaluated (usage Telnyx reports late, and spend
   * between the last run of a day and its end). Default 6; 0 looks at the current periods only.
   */
  readonly lateUsageHours?: number;
  /** Waits between ledger retries; injected so that tests pin time (a timer by default). */
  readonly sleep?: Sleep;
}

export const DEFAULT_LATE_USAGE_HOURS = 6;
const DEFAULT_PUBLISH_RESERVE_MS = 10_000;
/** Without a deadline (a local run) a claim blocks others for this long at most. */
const DEFAULT_LEASE_MS = 5 * 60_000;
/** A claim outlives its run by this margin, so a slow publish is not overtaken by the next run. */
const LEASE_MARGIN_MS = 60_000;

/** Epoch ms by which usage reads stop, `publishReserveMs` before the deadline (undefined: no deadline, a local run). */
export function usageDeadlineOf(deps: Pick<CheckDependencies, 'deadline' | 'publishReserveMs'>): number | undefined {
  return deps.deadline === undefined ? undefined : deps.deadline - (deps.publishReserveMs ?? DEFAULT_PUBLISH_RESERVE_MS);
}

/** Until when a claim made at `now` by a run ending at `deadline` blocks other runs (the check's alerts, the digest). */
export function claimLeaseUntil(deadline: number | undefined, now: Date): Date {
  return new Date((deadline ?? now.getTime() + DEFAULT_LEASE_MS) + LEASE_MARGIN_MS);
}

/** A period the run evaluates: the current one, or one that ended less than the grace time ago. */
export interface TrackedPeriod {
  readonly period: Period;
  readonly state: 'current' | 'ended';
}

export interface Run {
  readonly deps: CheckDependencies;
  readonly now: Date;
  readonly timeZone: string;
  /** The current day and month first, then any ended period still in its grace time. */
  readonly periods: readonly TrackedPeriod[];
  /** Epoch ms by which usage reads stop (undefined: no deadline, a local run). */
  readonly usageDeadline?: number;
  /** Everything that went wrong; a non-empty list fails the run (after everything else was done). */
  readonly failures: string[];
  /** Alerts for problems found along the way (breaches are added by the evaluate phase). */
  readonly problems: Alert[];
  /** Records a problem as an error alert and, unless `failure` is null, as a failure of the run. */
  problem(input: AlertProblem, failure: string | null): void;
}

export function startRun(deps: CheckDependencies): Run {
  const now = new Date(deps.clock());
  const failures: string[] = [];
  const problems: Alert[] = [];
  return {
    deps,
    now,
    timeZone: deps.timeZone,
    periods: trackedPeriods(now, deps.timeZone, deps.lateUsageHours ?? DEFAULT_LATE_USAGE_HOURS),
    usageDeadline: usageDeadlineOf(deps),
    failures,
    problems,
    problem(input, failure) {
      if (failure !== null) failures.push(failure);
      problems.push(problemToAlert(input, now, deps.timeZone));
    },
  };
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

/** The run's periods of one kind. */
export function periodsOfKind(run: Run, kind: PeriodKind): TrackedPeriod[] {
  return run.periods.filter((tracked) => tracked.period.kind === kind);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const cause = (error as { cause?: unknown }).cause;
  return { name: error.name, message: error.message, ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}) };
}
