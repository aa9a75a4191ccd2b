/**
 * Spend beside each threshold, for `thresholds list`: today's, and this month's where a monthly limit is set,
 * read from the same usage reports and tallied the same way as the check (SpendTally: per currency, the
 * threshold's filter applied, `total` summing every product with a cost).
 */
import { costQuery } from '../../functions/cost-alert/domain/usage-queries';
import { describeFilterMiss, NO_CURRENCY, SpendTally } from '../../functions/cost-alert/domain/spend-tally';
import { periodsAt, queryWindows } from '../../functions/cost-alert/domain/periods';
import { type PeriodKind, type Threshold, TOTAL } from '../../functions/cost-alert/domain/types';
import type { UsageSource } from '../../functions/cost-alert/ports';
import type { UsageRow } from '../../functions/cost-alert/domain/usage';
import { messageOf } from '../../functions/cost-alert/domain/error-text';

export type SpendResult =
  | {
      readonly ok: true;
      readonly nanos: bigint;
      /** Currencies seen but not counted (not the threshold's). */
      readonly otherCurrencies: readonly string[];
      /** The threshold's filter matched none of the product's rows (the check's error alert says the same). */
      readonly filterMiss?: string;
    }
  | { readonly ok: false; readonly error: string };

export interface ThresholdSpend {
  readonly threshold: Threshold;
  readonly daily: SpendResult;
  /** Only when the threshold has a monthly limit. */
  readonly monthly?: SpendResult;
}

export async function spendOfThresholds(
  thresholds: readonly Threshold[],
  usage: UsageSource,
  costProducts: readonly string[] | undefined,
  now: Date,
  timeZone: string,
): Promise<ThresholdSpend[]> {
  const periods = periodsAt(now, timeZone);
  const filterOf = new Map(thresholds.filter((t) => t.product !== TOTAL).map((t) => [t.product, t.filter]));
  const reads = new Map<string, Promise<UsageRow[]>>();

  // One read per product and period, shared by the product's threshold and `total`. The product's filter
  // dimensions are requested too: the total sums over them, the product's threshold filters on them.
  const rowsOf = (product: string, kind: PeriodKind): Promise<UsageRow[]> => {
    const key = `${product}|${kind}`;
    let read = reads.get(key);
    if (!read) {
      read = (async () => {
        const rows: UsageRow[] = [];
        for (const window of queryWindows(periods[kind], now)) {
          for await (const page of usage.pages(costQuery(product, filterOf.get(product) ?? {}, window))) rows.push(...page);
        }
        return rows;
      })();
      reads.set(key, read);
    }
    return read;
  };

  const spendOf = async (threshold: Threshold, kind: PeriodKind): Promise<SpendResult> => {
    const products = threshold.product === TOTAL ? costProducts : [threshold.product];
    if (!products) return { ok: false, error: 'the list of Telnyx products with a cost could not be read' };
    try {
      const tally = new SpendTally(threshold.product === TOTAL ? undefined : threshold.filter);
      const all = new SpendTally();
      for (const rows of await Promise.all(products.map((product) => rowsOf(product, kind)))) {
        tally.add(rows);
        all.add(rows);
      }
      const otherCurrencies = tally.currencies().filter((currency) => currency !== threshold.currency && currency !== NO_CURRENCY);
      const filterMiss = threshold.product === TOTAL ? undefined : describeFilterMiss(threshold.filter, tally, all.counted);
      return { ok: true, nanos: tally.total(threshold.currency), otherCurrencies, ...(filterMiss ? { filterMiss } : {}) };
    } catch (error) {
      return { ok: false, error: messageOf(error) };
    }
  };

  return Promise.all(
    thresholds.map(async (threshold) => {
      const [daily, monthly] = await Promise.all([
        spendOf(threshold, 'daily'),
        threshold.monthly === undefined ? Promise.resolve(undefined) : spendOf(threshold, 'monthly'),
      ]);
      return { threshold, daily, ...(monthly ? { monthly } : {}) };
    }),
  );
}
