/**
 * Managed accounts in the thresholds subcommands: the overrides that name no managed account of the key (a
 * warning in `validate` and `list`: the check sends nothing for them), and `list --accounts`, the accounts with
 * the largest share of their limits today (and this month), by name. Spend is read and judged as the check
 * reads and judges it (the same queries, AccountSpend, evaluateAccounts).
 */
import { type AccountLabel, labelOf, type ManagedAccount } from '../../../functions/cost-alert/domain/account-names';
import { byShare, evaluateAccounts, type AccountEvaluation } from '../../../functions/cost-alert/domain/account-rules';
import { AccountSpend, sumAccounts } from '../../../functions/cost-alert/domain/account-spend';
import { hasAccountLimit } from '../../../functions/cost-alert/domain/account-limits';
import { formatMoney, percentOf } from '../../../functions/cost-alert/domain/money';
import { periodsAt, queryWindows } from '../../../functions/cost-alert/domain/periods';
import { type Threshold, TOTAL } from '../../../functions/cost-alert/domain/types';
import { accountCostQuery } from '../../../functions/cost-alert/domain/usage-queries';
import type { UsageSource } from '../../../functions/cost-alert/ports';
import { messageOf } from '../../../functions/cost-alert/domain/error-text';
import { formatTable } from '../text-table';

/** Accounts shown per threshold and period by `list --accounts`. */
export const TOP_ACCOUNTS = 10;

/** Every managed account of the key, by id (the whole list: a page of 250 per request). */
export async function managedAccountsOf(usage: UsageSource): Promise<Map<string, ManagedAccount>> {
  const accounts = new Map<string, ManagedAccount>();
  if (!usage.managedAccounts) return accounts;
  for await (const page of usage.managedAccounts()) for (const account of page) accounts.set(account.id, account);
  return accounts;
}

/** The thresholds whose overrides name a user_id none of the key's managed accounts has. */
export function unknownOverrides(
  thresholds: readonly Threshold[],
  accounts: ReadonlyMap<string, ManagedAccount>,
): Array<{ threshold: Threshold; message: string }> {
  return thresholds.flatMap((threshold) =>
    [...(threshold.managedAccounts?.overrides.keys() ?? [])]
      .filter((userId) => !accounts.has(userId))
      .map((userId) => ({
        threshold,
        message: `the override for "${userId}" names none of the ${accounts.size} managed accounts of this key (a typo, or a closed account): it applies to no account; the check sends no alert about it`,
      })),
  );
}

/** The overrides' warnings, when a threshold has overrides; a list that cannot be read is a note, not a problem. */
export async function overrideWarnings(
  thresholds: readonly Threshold[],
  usage: UsageSource,
): Promise<{ warnings: Array<{ threshold: Threshold; message: string }>; accounts?: Map<string, ManagedAccount>; note?: string }> {
  if (!thresholds.some((threshold) => (threshold.managedAccounts?.overrides.size ?? 0) > 0)) return { warnings: [] };
  try {
    const accounts = await managedAccountsOf(usage);
    return { warnings: unknownOverrides(thresholds, accounts), accounts, note: `Overrides checked against the ${accounts.size} managed accounts of the key.` };
  } catch (error) {
    return { warnings: [], note: `Overrides not checked: the managed accounts could not be listed (${messageOf(error)}).` };
  }
}

/** Each threshold's managed accounts today (and this month where a monthly limit applies), as the check evaluates them. */
async function evaluationsOf(threshold: Threshold, usage: UsageSource, products: readonly string[] | undefined, now: Date, timeZone: string) {
  const managed = threshold.managedAccounts;
  if (!managed) return [];
  const names = threshold.product === TOTAL ? (products ?? []) : [threshold.product];
  const periods = periodsAt(now, timeZone);
  const evaluations: AccountEvaluation[] = [];
  for (const kind of ['daily', 'monthly'] as const) {
    if (!hasAccountLimit(managed, kind)) continue;
    const spends = await Promise.all(
      names.map(async (product) => {
        const spend = new AccountSpend(threshold.product === TOTAL ? undefined : threshold.filter);
        for (const window of queryWindows(periods[kind], now)) {
          for await (const rows of usage.pages(accountCostQuery(product, threshold.product === TOTAL ? {} : threshold.filter, window))) spend.add(rows);
        }
        return spend;
      }),
    );
    evaluations.push(...evaluateAccounts(threshold, periods[kind], 'current', sumAccounts(spends, threshold.currency)));
  }
  return evaluations;
}

/** `list --accounts`: the largest shares per threshold and period, by name; what could not be read as problems. */
export async function accountSharesTable(
  thresholds: readonly Threshold[],
  usage: UsageSource,
  context: { products: readonly string[] | undefined; now: Date; timeZone: string; accounts?: ReadonlyMap<string, ManagedAccount> },
): Promise<{ text: string; problems: string[] }> {
  const watched = thresholds.filter((threshold) => threshold.managedAccounts);
  if (watched.length === 0) return { text: '(no threshold has "managedAccounts")\n', problems: [] };
  const problems: string[] = [];
  const top: AccountEvaluation[] = [];
  for (const threshold of watched) {
    try {
      const evaluations = await evaluationsOf(threshold, usage, context.products, context.now, context.timeZone);
      for (const kind of ['daily', 'monthly'] as const)
        top.push(
          ...evaluations
            .filter((e) => e.period.kind === kind)
            .sort(byShare)
            .slice(0, TOP_ACCOUNTS),
        );
    } catch (error) {
      problems.push(`${threshold.product} managed accounts: ${messageOf(error)}`);
    }
  }
  let accounts = context.accounts;
  if (accounts === undefined && top.length > 0) accounts = await managedAccountsOf(usage).catch(() => new Map<string, ManagedAccount>());
  const label = (userId: string): AccountLabel => labelOf(userId, accounts?.get(userId));
  const rows = top.map((evaluation) => {
    const money = (nanos: bigint) => formatMoney({ nanos, currency: evaluation.threshold.currency });
    return [
      evaluation.threshold.product,
      `${evaluation.period.kind} ${evaluation.period.key}`,
      label(evaluation.userId).named ? label(evaluation.userId).name : '-',
      evaluation.userId,
      money(evaluation.spend),
      `${money(evaluation.limit)}${evaluation.source === 'override' ? ' (override)' : ''}`,
      `${percentOf(evaluation.spend, evaluation.limit).toFixed(1)}%`,
      evaluation.level?.severity ?? 'ok',
    ];
  });
  const headers = ['product', 'period', 'account', 'user_id', 'spend', 'limit', '% of limit', 'level'];
  const right = new Set(['spend', 'limit', '% of limit']);
  const text =
    rows.length > 0
      ? formatTable(
          headers.map((header) => ({ header, ...(right.has(header) ? { align: 'right' as const } : {}) })),
          rows,
        )
      : '(no managed account has spend today or this month)\n';
  return { text, problems };
}
