/**
 * The check, as a pipeline of named phases (each tested alone, test/cost-alert/phases.test.ts):
 * startCheckRun -> listProducts -> loadThresholds -> readUsage -> reportReadFailures -> evaluate -> prepareAccountAlerts
 * -> deliverAll -> rememberAccountAlerts (the parameters of loadThresholds are read while listProducts waits for Telnyx).
 *
 * Nothing here stops the others: a bad parameter, a product whose usage cannot be read, or a failed publish
 * each become an error (and where useful an error alert) while every other threshold is still evaluated and
 * every other alert still published. The run reports `failed` only after all of that, so that the function's
 * error alarm fires without anything being lost on the way.
 */
import type { AccountEvaluation } from '../../domain/account-rules';
import { type Delivered, deliverAll } from '../delivery';
import { type BalanceEvaluation, balanceEvaluator } from './balance-evaluator';
import type { UseCase } from '../invoke';
import { listProducts } from '../products';
import { readUsage } from '../usage-reads';
import { accountEvaluator } from './account-evaluator';
import { prepareAccountAlerts, rememberAccountAlerts } from './account-alerts';
import { type CheckDependencies, startCheckRun } from './check-run';
import { type Evaluation, type Evaluator, evaluate, planReads } from './evaluators';
import { limitEvaluator } from './limit-evaluator';
import { loadThresholds } from './load-thresholds';
import { reportReadFailures } from './read-failures';
import { signalEvaluator } from './signal-evaluator';

export class CheckFailedError extends Error {
  override readonly name = 'CheckFailedError';
  constructor(
    message: string,
    readonly failures: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface CheckReport {
  readonly checkedAt: Date;
  readonly timeZone: string;
  /** Telnyx usage queries sent (one per product, period and window). */
  readonly queries: number;
  /** Telnyx refused the API key (or it could not be read): nothing was queried after that. */
  readonly usageBlocked: boolean;
  readonly evaluations: readonly Evaluation[];
  /** Each managed account with spend, in each period of a threshold with `managedAccounts`. */
  readonly accounts: readonly AccountEvaluation[];
  /** The available credit against the `balance` threshold, when there is one. */
  readonly balance?: BalanceEvaluation;
  readonly alerts: readonly Delivered[];
  /** Everything that went wrong; empty on a clean run. */
  readonly failures: readonly string[];
}

/** The signals the check evaluates by default. */
export const DEFAULT_EVALUATORS: readonly Evaluator[] = [limitEvaluator, signalEvaluator, accountEvaluator, balanceEvaluator];

export async function runCheck(deps: CheckDependencies, evaluators: readonly Evaluator[] = DEFAULT_EVALUATORS): Promise<CheckReport> {
  const run = startCheckRun(deps);
  // The parameters (SSM) are read while Telnyx lists the products; they are judged against the list after.
  const loading = deps.thresholds.load();
  loading.catch(() => undefined);
  const products = await listProducts(run);
  const thresholds = await loadThresholds(run, products, loading);
  const input = { thresholds, products };
  const usage = await readUsage(run, planReads(run, input, evaluators), products.keyRefused ? products.error : undefined);
  reportReadFailures(run, products, usage);
  const { evaluations, alerts, accounts, balance } = evaluate(run, input, usage, evaluators);
  const accountAlerts = await prepareAccountAlerts(run, accounts);
  const delivered = await deliverAll(run, [...run.problemAlerts, ...alerts, ...accountAlerts.alerts]);
  await rememberAccountAlerts(run, accountAlerts, delivered);
  return {
    checkedAt: run.now,
    timeZone: run.timeZone,
    evaluations,
    accounts,
    ...(balance ? { balance } : {}),
    alerts: delivered,
    failures: run.failures,
    queries: usage.queries,
    usageBlocked: products.keyRefused || usage.keyRefused,
  };
}

/** What the handler returns for a check. */
export interface CheckResult {
  readonly checkedAt: string;
  readonly evaluated: number;
  readonly alerts: Record<string, number>;
  readonly queries: number;
}

/** The check as the Lambda runs it: `Check finished`, the heartbeat metrics, and a failed run when anything went wrong. */
export const checkUseCase: UseCase<CheckDependencies, CheckReport, CheckResult> = {
  name: 'Check',
  run: (deps) => runCheck(deps),
  finished(report) {
    const alerts: Record<string, number> = {};
    for (const { outcome } of report.alerts) alerts[outcome] = (alerts[outcome] ?? 0) + 1;
    const result = { checkedAt: report.checkedAt.toISOString(), evaluated: report.evaluations.length, alerts, queries: report.queries };
    const published = report.alerts.filter(({ outcome }) => outcome === 'published').length;
    const { failures } = report;
    return {
      result,
      fields: result,
      failures,
      alertsPublished: published,
      // The product list, the usage queries and the balance.
      usageCalls: report.queries + 1 + (report.balance ? 1 : 0),
      // On every run that got through all thresholds: the "checks stopped" alarm watches ChecksCompleted.
      metrics: { ChecksCompleted: 1, AlertsPublished: published, CheckFailures: failures.length },
      keyRefused: report.usageBlocked,
      ...(failures.length > 0
        ? { error: new CheckFailedError(`The check finished with ${failures.length} problem(s): ${failures.join('; ')}`, failures) }
        : {}),
    };
  },
};
