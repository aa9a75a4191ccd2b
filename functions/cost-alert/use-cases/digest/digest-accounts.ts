/**
 * What the digest reads for "Top managed accounts yesterday": one managed-accounts read per product of each
 * threshold with `managedAccounts` (every product with a cost for the total), for yesterday's local day; then the
 * accounts with the largest share of their daily limit, and their names (read only for the accounts shown).
 */
import { byShare, evaluateAccounts } from '../../domain/account-rules';
import { type AccountSpend, sumAccounts } from '../../domain/account-spend';
import type { DigestCalendar } from '../../domain/digest-figures';
import { type DigestAccountLine, type DigestAccounts, DIGEST_TOP_ACCOUNTS } from '../../domain/digest-accounts';
import { type Period, type Threshold, TOTAL } from '../../domain/types';
import type { ProductOptions } from '../../domain/usage';
import { accountLabels } from '../account-names';
import { describeError } from '../errors';
import type { Run } from '../run';
import { accountSpendRead, type Filtered, productFilter, type ReadResults, type UsageRead } from '../usage-reads';

export interface DigestAccountReads {
  readonly threshold: Threshold;
  /** Yesterday's local day. */
  readonly period: Period;
  readonly reads: readonly UsageRead<Filtered<AccountSpend>>[];
}

export function digestAccountReads(
  thresholds: readonly Threshold[],
  options: readonly ProductOptions[],
  calendar: DigestCalendar,
  now: Date,
): DigestAccountReads[] {
  return thresholds
    .filter((threshold) => threshold.managedAccounts)
    .map((threshold) => ({
      threshold,
      period: calendar.yesterday,
      reads: (threshold.product === TOTAL ? options.map((entry) => entry.product) : [threshold.product]).map((product) =>
        accountSpendRead(product, calendar.yesterday, productFilter(thresholds, product), now),
      ),
    }));
}

/** The section's figures; undefined when no threshold has `managedAccounts`. */
export async function digestAccounts(run: Run, planned: readonly DigestAccountReads[], usage: ReadResults): Promise<DigestAccounts | undefined> {
  if (planned.length === 0) return undefined;
  const notRead = new Set<string>();
  const chosen: Array<Omit<DigestAccountLine, 'name'>> = [];
  const withSpend = new Set<string>();
  for (const { threshold, period, reads } of planned) {
    const outcomes = reads.map((read) => usage.of(read));
    const failed = outcomes.filter((outcome) => !outcome.ok);
    for (const outcome of failed) {
      notRead.add(outcome.read.product);
      run.deps.log.error("Could not read the managed accounts' usage for the digest", { product: outcome.read.product, error: describeError(outcome.error) });
    }
    if (failed.length > 0) continue;
    const spends = sumAccounts(
      outcomes.map((outcome) => (threshold.product === TOTAL ? outcome.value.all : outcome.value.filtered)),
      threshold.currency,
    );
    for (const userId of spends.keys()) withSpend.add(userId);
    const judged = evaluateAccounts(threshold, period, 'ended', spends).sort(byShare);
    const ranked =
      judged.length > 0
        ? judged.map((evaluation) => ({ userId: evaluation.userId, spend: evaluation.spend, limit: evaluation.limit }))
        : [...spends].sort(([, a], [, b]) => (b > a ? 1 : b < a ? -1 : 0)).map(([userId, spend]) => ({ userId, spend }));
    for (const line of ranked.slice(0, DIGEST_TOP_ACCOUNTS)) chosen.push({ product: threshold.product, currency: threshold.currency, ...line });
  }
  for (const product of notRead) run.problem({ failure: `${product} managed accounts: not read for the digest` });
  const labels = await accountLabels(run, new Set(chosen.map((line) => line.userId)));
  return {
    lines: chosen.map((line) => ({ ...line, name: labels.get(line.userId)?.name ?? line.userId })),
    withSpend: withSpend.size,
    notRead: [...notRead].sort(),
  };
}
