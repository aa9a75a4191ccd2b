/**
 * Phase 5 of the check, evaluate. A signal is an `Evaluator`: the reads it needs, declared from the thresholds
 * and the products, and a pure function from their outcomes to evaluations and alerts (with the rules in
 * domain/). The pipeline gathers every evaluator's reads, reads each once (use-cases/usage-reads.ts), and hands
 * each evaluator the same results: `results.of(read)` is the typed outcome of a read it declared.
 *
 * Limits are one evaluator, the forecast and the spike another; a new signal is one more beside them.
 */
import type { AccountEvaluation } from '../../domain/account-rules';
import type { Alert, PeriodKind, Threshold } from '../../domain/types';
import type { ProductList } from '../products';
import type { ReadResults, UsageRead } from '../usage-reads';
import type { BalanceEvaluation } from './balance-evaluator';
import type { CheckRun } from './check-run';

export interface Evaluation {
  readonly product: string;
  readonly period: PeriodKind;
  readonly periodKey: string;
  /** `ended`: a day or month that is over, still evaluated for late usage during the grace time. */
  readonly periodState: 'current' | 'ended';
  readonly currency: string;
  /** The threshold's filter ({} when it counts every row). */
  readonly filter: Readonly<Record<string, string>>;
  readonly spendNanos: bigint;
  readonly limitNanos: bigint;
  readonly level?: 'warning' | 'critical';
  /** False when some of the usage behind it could not be read. */
  readonly complete: boolean;
  /** Currencies of spend seen but not counted (never converted or added); absent when there is none. */
  readonly notCounted?: readonly string[];
  readonly parameter: string;
}

/** What every evaluator plans from. */
export interface EvaluationInput {
  readonly thresholds: readonly Threshold[];
  readonly products: ProductList;
}

export interface EvaluatorResult {
  readonly evaluations: readonly Evaluation[];
  readonly alerts: readonly Alert[];
  /** Managed accounts, each in each period: their alerts are decided after evaluation (account-alerts.ts: who was told, storms, names). */
  readonly accounts?: readonly AccountEvaluation[];
  /** The available credit against the `balance` threshold (balance-evaluator.ts). */
  readonly balance?: BalanceEvaluation;
}

export interface Evaluator {
  /** The reads it needs. Declaring is pure: `evaluate` declares the same reads again to look their outcomes up. */
  reads(run: CheckRun, input: EvaluationInput): readonly UsageRead<unknown>[];
  /**
   * Evaluations and alerts from the outcomes of its reads. Read failures are already reported (one outage, one
   * alert); what it finds in the data (a filter that matches nothing, an unreadable hour) goes on the run.
   */
  evaluate(run: CheckRun, input: EvaluationInput, results: ReadResults): EvaluatorResult;
}

/** Every evaluator's reads, in their order (the pipeline reads a key asked twice once). */
export function planReads(run: CheckRun, input: EvaluationInput, evaluators: readonly Evaluator[]): UsageRead<unknown>[] {
  return evaluators.flatMap((evaluator) => evaluator.reads(run, input));
}

export function evaluate(
  run: CheckRun,
  input: EvaluationInput,
  results: ReadResults,
  evaluators: readonly Evaluator[],
): EvaluatorResult & { readonly accounts: readonly AccountEvaluation[] } {
  const evaluations: Evaluation[] = [];
  const alerts: Alert[] = [];
  const accounts: AccountEvaluation[] = [];
  let balance: BalanceEvaluation | undefined;
  for (const evaluator of evaluators) {
    const result = evaluator.evaluate(run, input, results);
    evaluations.push(...result.evaluations);
    alerts.push(...result.alerts);
    // One at a time: 60,000 evaluations would overflow push's arguments.
    for (const account of result.accounts ?? []) accounts.push(account);
    balance ??= result.balance;
  }
  return { evaluations, alerts, accounts, ...(balance ? { balance } : {}) };
}
