/**
 * What every use case starts with (the check, the digest, and the next ones): the clock read once, the
 * deadlines, and the run's problems. Phases take the `Run` and record a problem with `run.problem()`, the only
 * way to: the lists behind it are private, so no phase can drop or rewrite what another one found.
 *
 * Problems are recorded, not returned, because most phases find them on the way to their real result (the
 * thresholds, the reads, the evaluations): threading a second list through every return would double each
 * phase's signature for what is, at the end, two lists the run reports.
 */
import { errorAlertKey } from '../domain/alert-keys';
import { type AlertProblem, problemToAlert } from '../domain/problem-alert';
import type { Alert } from '../domain/types';
import type { AlertLedger, AlertPublisher, Clock, RunLog, ThresholdStore, UsageSource } from '../ports';
import type { Sleep } from './confirm';

/** The ports and settings every use case runs on. */
export interface UseCaseDependencies {
  readonly thresholds: ThresholdStore;
  readonly usage: UsageSource;
  readonly ledger: AlertLedger;
  readonly publisher: AlertPublisher;
  readonly clock: Clock;
  readonly log: RunLog;
  readonly timeZone: string;
  /** Epoch ms by which the run must be done (the Lambda's deadline); usage reads stop `publishReserveMs` before it. */
  readonly deadline?: number;
  /** Time kept for claiming and publishing after the usage reads. Default 10 s. */
  readonly publishReserveMs?: number;
  /** Waits between ledger retries; injected so that tests pin time (a timer by default). */
  readonly sleep?: Sleep;
}

/** A problem found on the way: an error alert, a reason the run fails, or both. */
export interface Problem {
  /** The error alert (at most once a local day per product and title, unless `series` says otherwise). */
  readonly alert?: AlertProblem;
  /** The ledger series when it is not the alert's product and title: an outage keeps one key whatever its causes; a higher rank sends again. */
  readonly series?: { readonly name: string; readonly rank: number };
  /** Why the run fails. None for a problem that must not fail the run (a filter that matched nothing). */
  readonly failure?: string;
}

const DEFAULT_PUBLISH_RESERVE_MS = 10_000;
/** Without a deadline (a local run) a claim blocks others for this long at most. */
const DEFAULT_LEASE_MS = 5 * 60_000;
/** A claim outlives its run by this margin, so a slow publish is not overtaken by the next run. */
const LEASE_MARGIN_MS = 60_000;

export class Run<Deps extends UseCaseDependencies = UseCaseDependencies> {
  readonly now: Date;
  readonly timeZone: string;
  /** Epoch ms by which usage reads stop (undefined: no deadline, a local run). */
  readonly usageDeadline: number | undefined;
  /** Until when a claim made by this run blocks other runs. */
  readonly leaseUntil: Date;
  private readonly alerts: Alert[] = [];
  private readonly reasons: string[] = [];

  constructor(readonly deps: Deps) {
    this.now = new Date(deps.clock());
    this.timeZone = deps.timeZone;
    this.usageDeadline = deps.deadline === undefined ? undefined : deps.deadline - (deps.publishReserveMs ?? DEFAULT_PUBLISH_RESERVE_MS);
    this.leaseUntil = new Date((deps.deadline ?? this.now.getTime() + DEFAULT_LEASE_MS) + LEASE_MARGIN_MS);
  }

  /** Records a problem: its error alert goes out with the run's alerts; its failure fails the run, after everything else was done. */
  problem(problem: Problem): void {
    if (problem.failure !== undefined) this.reasons.push(problem.failure);
    if (problem.alert === undefined) return;
    const alert = problemToAlert(problem.alert, this.now, this.timeZone);
    const series = problem.series;
    this.alerts.push(series ? { ...alert, key: errorAlertKey(problem.alert.product, series.name, this.now, this.timeZone), rank: series.rank } : alert);
  }

  /** The error alerts of the problems recorded so far. */
  get problemAlerts(): readonly Alert[] {
    return [...this.alerts];
  }

  /** Everything that went wrong so far; empty on a clean run. */
  get failures(): readonly string[] {
    return [...this.reasons];
  }
}

export function startRun<Deps extends UseCaseDependencies>(deps: Deps): Run<Deps> {
  return new Run(deps);
}
