/**
 * Storms of managed accounts: when a run finds more than `MAX_ACCOUNT_ALERTS` accounts newly over a level (a
 * bug in a reseller's platform, a price change, a limit set too low), it sends the alerts of the accounts with
 * the largest share of their limit, and one summary (`account` = `*`) for the rest: how many accounts are over in
 * all, and the top ones. The summary covers its accounts as their own alerts would (account-alerts.ts records
 * them in the ledger's rosters), so the next run repeats none of them.
 */
import type { AccountAlertContext, AccountBreach } from './account-alert';
import { productText } from './account-alert';
import type { AccountLabel } from './account-names';
import { byShare, type AccountEvaluation } from './account-rules';
import { expiresAtFor, stormAlertKey } from './alert-keys';
import { SMS_MAX, subject, toGsm7, truncate } from './channel-text';
import { PAYLOAD_VERSION, wholePercent } from './message-parts';
import { formatMoney, formatNanos, percentOf } from './money';
import { formatLocalDateTime } from './periods';
import { columns } from './text-table';
import { ALL, type Alert, type RenderedMessage } from './types';

/** The most account alerts one run sends; past it, one summary for the rest. */
export const MAX_ACCOUNT_ALERTS = 10;
/** Accounts a summary lists by name. */
export const STORM_LISTED = 10;

/** The accounts newly over a level, split: the largest shares alerted alone, the rest folded into one summary. */
export function foldStorm(fresh: readonly AccountBreach[], max = MAX_ACCOUNT_ALERTS): { alone: AccountBreach[]; folded: AccountBreach[] } {
  const sorted = [...fresh].sort(byShare);
  return sorted.length <= max ? { alone: sorted, folded: [] } : { alone: sorted.slice(0, max), folded: sorted.slice(max) };
}

/** What a storm's summary says besides the accounts it covers. */
export interface StormContext extends Omit<AccountAlertContext, 'label'> {
  /** Accounts newly over a level alerted one by one in the same run. */
  readonly alone: number;
  /** Every account evaluation of the run (how many are over, per threshold and period). */
  readonly evaluations: readonly AccountEvaluation[];
  /** Names of the accounts listed. */
  readonly labels: ReadonlyMap<string, AccountLabel>;
  /** Ledger entry of each folded breach: [roster key, entry id, rank], in the order of `folded`. */
  readonly entries: ReadonlyArray<readonly [string, string, number]>;
}

const one = <T>(values: readonly T[]): T | undefined => (new Set(values).size === 1 ? values[0] : undefined);

function seriesLines(evaluations: readonly AccountEvaluation[]): { rows: string[][]; over: number; json: Array<Record<string, unknown>> } {
  const series = new Map<string, { name: string; product: string; period: string; periodKey: string; critical: number; warning: number }>();
  const accounts = new Set<string>();
  for (const evaluation of evaluations) {
    if (!evaluation.level) continue;
    accounts.add(evaluation.userId);
    const { threshold, period } = evaluation;
    const name = `${threshold.product} ${period.kind} ${period.key}`;
    const entry = series.get(name) ?? { name, product: threshold.product, period: period.kind, periodKey: period.key, critical: 0, warning: 0 };
    entry[evaluation.level.severity]++;
    series.set(name, entry);
  }
  const list = [...series.values()];
  return {
    rows: list.map((entry) => [entry.name, `${entry.critical + entry.warning} over`, `${entry.critical} critical, ${entry.warning} warning`]),
    over: accounts.size,
    json: list.map(({ product, period, periodKey, critical, warning }) => ({ product, period, periodKey, critical, warning })),
  };
}

function nameOf(breach: AccountBreach, labels: ReadonlyMap<string, AccountLabel>): string {
  return labels.get(breach.userId)?.name ?? breach.userId;
}

function topRows(folded: readonly AccountBreach[], labels: ReadonlyMap<string, AccountLabel>): string[][] {
  return folded.slice(0, STORM_LISTED).map((breach) => {
    const money = (nanos: bigint) => formatMoney({ nanos, currency: breach.threshold.currency });
    const label = labels.get(breach.userId);
    const who = label?.named ? `${label.name} (${breach.userId})` : breach.userId;
    return [
      truncate(who, 100),
      `${breach.threshold.product} ${breach.period.kind}`,
      `${money(breach.spend)} of ${money(breach.limit)}`,
      `${percentOf(breach.spend, breach.limit).toFixed(1)}%`,
      breach.level.severity.toUpperCase(),
    ];
  });
}

export function renderStorm(folded: readonly AccountBreach[], context: StormContext): RenderedMessage {
  const critical = folded.some((breach) => breach.level.severity === 'critical');
  const product = one(folded.map((breach) => breach.threshold.product));
  const { rows, over, json } = seriesLines(context.evaluations);
  const count = folded.length;
  const where = product === undefined ? 'Telnyx managed accounts' : `Telnyx ${productText(product)}`;
  const subjectText = subject(`[${critical ? 'CRITICAL' : 'WARNING'}] ${where}: `, `${count} more managed accounts over their limits, ${over} in all`, '');
  const shown = Math.min(count, STORM_LISTED);
  const email = [
    `${over} managed account${over === 1 ? ' is' : 's are'} over a limit. This run found ${context.alone + count} newly over a level: the ${context.alone} with the largest share were alerted one by one, this summary covers the other ${count}. None of them is alerted again for the same level and period.`,
    '',
    `Largest shares among the ${count} in this summary${shown < count ? ` (the first ${shown})` : ''}:`,
    ...columns(topRows(folded, context.labels)),
    ...(shown < count ? [`  ... and ${count - shown} more.`] : []),
    '',
    'Over a limit now, by threshold and period:',
    ...columns(rows),
    '',
    `Checked at ${formatLocalDateTime(context.checkedAt, context.timeZone)} (${context.timeZone}). Every account's spend and limit: npx telnyx-cost-alert thresholds list --accounts, or check -o json.`,
    `The limits are the "managedAccounts" field of ${context.parameterLocation}.`,
    '',
  ].join('\n');
  const top = folded
    .slice(0, 3)
    .map((breach) => `${truncate(nameOf(breach, context.labels), 24)} ${wholePercent(breach.spend, breach.limit)}%`)
    .join(', ');
  const sms = toGsm7(
    `Telnyx ${critical ? 'CRITICAL' : 'WARNING'}: ${count} more managed accounts over limits${product ? ` (${product})` : ''}, ${over} in all. Top: ${top}.`,
    SMS_MAX,
  );
  const payload = {
    version: PAYLOAD_VERSION,
    severity: critical ? 'critical' : 'warning',
    signal: 'limit',
    product: product ?? ALL,
    account: '*',
    accountsOver: over,
    accountsNew: context.alone + count,
    accountsInSummary: count,
    top: folded.slice(0, STORM_LISTED).map((breach) => ({
      account: breach.userId,
      accountName: context.labels.get(breach.userId)?.named ? context.labels.get(breach.userId)?.name : null,
      product: breach.threshold.product,
      period: breach.period.kind,
      periodKey: breach.period.key,
      spend: formatNanos(breach.spend),
      limit: formatNanos(breach.limit),
      currency: breach.threshold.currency,
      share: Number((breach.spend * 1000n) / breach.limit) / 1000,
      level: breach.level.rankPpm / 1_000_000,
    })),
    series: json,
    checkedAt: context.checkedAt.toISOString(),
    parameter: context.parameterLocation,
  };
  return { subject: subjectText, default: email, email, sms, payload };
}

/** The summary alert (`account` = `*`): keyed by the accounts it covers, so the same summary goes out once. */
export function toStormAlert(folded: readonly AccountBreach[], context: StormContext): Alert {
  const product = one(folded.map((breach) => breach.threshold.product)) ?? ALL;
  const period = one(folded.map((breach) => breach.period.kind));
  const latest = folded.reduce((end, breach) => Math.max(end, breach.period.end.getTime()), 0);
  return {
    key: stormAlertKey(product, context.entries),
    rank: 1,
    severity: folded.some((breach) => breach.level.severity === 'critical') ? 'critical' : 'warning',
    signal: 'limit',
    product,
    ...(period ? { period } : {}),
    account: '*',
    expiresAt: expiresAtFor({ end: new Date(latest) }),
    message: renderStorm(folded, context),
  };
}
