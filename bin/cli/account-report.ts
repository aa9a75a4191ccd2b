/**
 * What `check` says about managed accounts: in `-o json`, every account's evaluation (`accounts`); in the text
 * output, how many were evaluated and the largest shares of their limits. Alerts name accounts; this table, read
 * without asking Telnyx for names, shows their user_id.
 */
import type { AccountEvaluation } from '../../functions/cost-alert/domain/account-rules';
import { byShare } from '../../functions/cost-alert/domain/account-rules';
import { formatMoney, formatNanos, percentOf } from '../../functions/cost-alert/domain/money';
import { formatTable } from './text-table';

/** Rows of the text output's table of managed accounts. */
export const ACCOUNTS_SHOWN = 10;

/** One entry of `check -o json`'s `accounts`: amounts as exact decimal strings. */
export function accountJson(evaluation: AccountEvaluation): Record<string, unknown> {
  const { threshold, period, spend, limit } = evaluation;
  return {
    product: threshold.product,
    account: evaluation.userId,
    period: period.kind,
    periodKey: period.key,
    periodState: evaluation.periodState,
    currency: threshold.currency,
    filter: threshold.filter,
    spend: formatNanos(spend),
    limit: formatNanos(limit),
    limitSource: evaluation.source,
    percentOfLimit: Number(percentOf(spend, limit).toFixed(1)),
    level: evaluation.level?.severity ?? 'ok',
    parameter: threshold.parameterName,
  };
}

/** The text output's section: how many accounts, how many over, and the largest shares. Empty without managed accounts. */
export function accountsSection(evaluations: readonly AccountEvaluation[]): string[] {
  if (evaluations.length === 0) return [];
  const accounts = new Set(evaluations.map((evaluation) => evaluation.userId)).size;
  const over = new Set(evaluations.filter((evaluation) => evaluation.level).map((evaluation) => evaluation.userId)).size;
  const top = [...evaluations].sort(byShare).slice(0, ACCOUNTS_SHOWN);
  const money = (nanos: bigint, currency: string) => formatMoney({ nanos, currency });
  const table = formatTable(
    [
      { header: 'account (user_id)' },
      { header: 'product' },
      { header: 'period' },
      { header: 'spend', align: 'right' },
      { header: 'limit', align: 'right' },
      { header: '% of limit', align: 'right' },
      { header: 'level' },
    ],
    top.map((evaluation) => [
      evaluation.userId,
      evaluation.threshold.product,
      `${evaluation.period.kind} ${evaluation.period.key}${evaluation.periodState === 'ended' ? ' (ended)' : ''}`,
      money(evaluation.spend, evaluation.threshold.currency),
      money(evaluation.limit, evaluation.threshold.currency),
      `${percentOf(evaluation.spend, evaluation.limit).toFixed(1)}%`,
      evaluation.level?.severity ?? 'ok',
    ]),
  );
  const shown = top.length < evaluations.length ? `, the ${top.length} largest shares of their limits` : '';
  return [
    `Managed accounts: ${accounts} with spend, ${over} over a limit${shown} (every one: -o json; by name: thresholds list --accounts):`,
    '',
    table.trimEnd(),
    '',
  ];
}
