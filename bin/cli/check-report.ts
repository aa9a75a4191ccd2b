/** What `check` prints: the table of spend against limits, the summary line, and the one JSON document of `-o json`. */
import type { Evaluation } from '../../functions/cost-alert/use-cases/check/evaluators';
import type { CheckReport } from '../../functions/cost-alert/use-cases/check/run-check';
import { formatMoney, formatNanos, percentOf } from '../../functions/cost-alert/domain/money';
import { formatLocalDateTime } from '../../functions/cost-alert/domain/periods';
import { accountJson, accountsSection } from './account-report';
import { balanceJson, balanceLine } from './balance-report';
import { DRY_RUN_NOTE } from './publish-target';
import { colorLevel, formatTable } from './text-table';

/** `check -o json`: the schema is documented in docs/cli.md and pinned by test/cli/check-output.test.ts. */
export interface CheckJson {
  readonly checkedAt: string;
  readonly timeZone: string;
  /** True when nothing was sent (no --publish). */
  readonly dryRun: boolean;
  readonly topicArn: string | null;
  readonly thresholdsSource: string;
  readonly usageSource: string;
  readonly evaluations: ReadonlyArray<Record<string, unknown>>;
  /** Each managed account with spend in each period of a threshold with `managedAccounts` (account-report.ts). */
  readonly accounts: ReadonlyArray<Record<string, unknown>>;
  /** The available credit against the `balance` threshold; null without one. */
  readonly balance: Record<string, unknown> | null;
  readonly alerts: readonly CheckJsonAlert[];
  readonly problems: readonly string[];
}

export interface CheckJsonAlert {
  readonly severity: string;
  readonly signal: string;
  readonly product: string;
  readonly period: string | null;
  /** The managed account's user_id (`*` for a storm's summary); absent for the key's own alerts. */
  readonly account?: string;
  readonly subject: string;
  /** published | already-sent | in-flight | failed, or not-sent in a dry run. */
  readonly outcome: string;
  readonly key: string;
}

/** The one JSON document of `check -o json`: amounts as exact decimal strings (never through a float). */
export function checkJson(report: CheckReport, context: { topicArn: string | undefined; thresholdsSource: string; usageSource: string }): CheckJson {
  const dryRun = context.topicArn === undefined;
  return {
    checkedAt: report.checkedAt.toISOString(),
    timeZone: report.timeZone,
    dryRun,
    topicArn: context.topicArn ?? null,
    thresholdsSource: context.thresholdsSource,
    usageSource: context.usageSource,
    evaluations: report.evaluations.map((evaluation) => {
      const { spendNanos, limitNanos, level, ...rest } = evaluation;
      return {
        ...rest,
        spend: formatNanos(spendNanos),
        limit: formatNanos(limitNanos),
        percentOfLimit: Number(percentOf(spendNanos, limitNanos).toFixed(1)),
        level: level ?? 'ok',
      };
    }),
    accounts: report.accounts.map(accountJson),
    balance: report.balance ? balanceJson(report.balance) : null,
    alerts: report.alerts.map(({ alert, outcome }) => ({
      severity: alert.severity,
      signal: alert.signal,
      product: alert.product,
      period: alert.period ?? null,
      ...(alert.account === undefined ? {} : { account: alert.account }),
      subject: alert.message.subject,
      outcome: dryRun && outcome === 'published' ? 'not-sent' : outcome,
      key: alert.key,
    })),
    problems: [...report.failures],
  };
}

/** `3 alerts (1 critical, 2 warning) printed above; dry run: nothing was sent.` and the like. */
export function summaryLine(report: CheckReport, topicArn: string | undefined, where = 'found'): string {
  const bySeverity = new Map<string, number>();
  for (const { alert } of report.alerts) bySeverity.set(alert.severity, (bySeverity.get(alert.severity) ?? 0) + 1);
  const severities = ['critical', 'warning', 'error']
    .filter((severity) => bySeverity.has(severity))
    .map((severity) => `${bySeverity.get(severity)} ${severity}`)
    .join(', ');
  const count = `${report.alerts.length} alert${report.alerts.length === 1 ? '' : 's'}${severities ? ` (${severities})` : ''}`;
  const problems = report.failures.length > 0 ? ` ${report.failures.length} problem(s).` : '';
  if (topicArn) {
    const published = report.alerts.filter(({ outcome }) => outcome === 'published').length;
    return `${count}: ${published} published to ${topicArn}.${problems}`;
  }
  return `${count} ${where}; ${DRY_RUN_NOTE}${report.alerts.length > 0 ? ' (add --publish --topic-arn ARN to send them through SNS)' : ''}.${problems}`;
}

const LEVEL_COLUMN = 5;

/** What the row's figure leaves out: unread usage (a lower bound), and spend in other currencies (never converted or added), as `thresholds list` says it. */
function noteOf(evaluation: Evaluation): string {
  const notes: string[] = [];
  if (!evaluation.complete) notes.push('incomplete: some usage could not be read, spend is at least this');
  const others = (evaluation.notCounted ?? []).map((currency) => currency || '(no currency)');
  if (others.length > 0) notes.push(`${others.join(', ')} spend not counted`);
  return notes.join('; ');
}

/** The table of spend against limits, the alert summary and the failures. */
export function formatCheckReport(report: CheckReport, topicArn: string | undefined, color = false): string {
  const lines: string[] = [''];
  lines.push(`Spend against limits at ${formatLocalDateTime(report.checkedAt, report.timeZone)} (${report.timeZone}):`, '');
  const rows = report.evaluations.map((evaluation) => [
    evaluation.product,
    `${evaluation.period} ${evaluation.periodKey}${evaluation.periodState === 'ended' ? ' (ended)' : ''}`,
    formatMoney({ nanos: evaluation.spendNanos, currency: evaluation.currency }),
    formatMoney({ nanos: evaluation.limitNanos, currency: evaluation.currency }),
    `${percentOf(evaluation.spendNanos, evaluation.limitNanos).toFixed(1)}%`,
    evaluation.level ?? 'ok',
    noteOf(evaluation),
  ]);
  const table =
    rows.length > 0
      ? formatTable(
          [
            { header: 'product' },
            { header: 'period' },
            { header: 'spend', align: 'right' },
            { header: 'limit', align: 'right' },
            { header: '% of limit', align: 'right' },
            { header: 'level' },
            { header: 'note' },
          ],
          rows,
          color ? (cell, _row, column) => (column === LEVEL_COLUMN ? colorLevel(cell) : cell) : undefined,
        )
      : report.balance
        ? '(no spend threshold could be evaluated)\n'
        : '(no threshold could be evaluated)\n';
  lines.push(table.trimEnd(), '');
  if (report.balance) lines.push(balanceLine(report.balance), '');
  lines.push(...accountsSection(report.accounts));
  // The problem count is listed right below in full; the summary line keeps to the alerts.
  lines.push(summaryLine({ ...report, failures: [] }, topicArn, 'printed above'));
  if (report.failures.length > 0) {
    lines.push('', `Problems (${report.failures.length}):`, ...report.failures.map((failure) => `  - ${failure}`));
  }
  return `${lines.join('\n')}\n`;
}
