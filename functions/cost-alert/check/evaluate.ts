/**
 * Phase 5 of the check, evaluate: each evaluator turns thresholds and what was read into evaluations and
 * alerts, with the rules from domain/. Limits are one evaluator; a forecast or a spike is one more beside it.
 */
import type { Alert, PeriodKind, Threshold } from '../domain/types';
import type { ProductList } from './products';
import type { Run } from './run';
import type { ReadTask, UsageReads } from './usage';

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

/** What every evaluator sees. */
export interface EvaluationInput {
  readonly thresholds: readonly Threshold[];
  readonly products: ProductList;
  readonly tasks: readonly ReadTask[];
  readonly usage: UsageReads;
}

export interface EvaluatorResult {
  readonly evaluations: readonly Evaluation[];
  readonly alerts: readonly Alert[];
}

/** A signal: pure rules applied to what was read. Problems it finds go on the run (`run.problem`). */
export type Evaluator = (run: Run, input: EvaluationInput) => EvaluatorResult;

export function evaluate(run: Run, input: EvaluationInput, evaluators: readonly Evaluator[]): EvaluatorResult {
  const evaluations: Evaluation[] = [];
  const alerts: Alert[] = [];
  for (const evaluator of evaluators) {
    const result = evaluator(run, input);
    evaluations.push(...result.evaluations);
    alerts.push(...result.alerts);
  }
  return { evaluations, alerts };
}
