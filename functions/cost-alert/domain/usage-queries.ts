/**
 * The usage queries the check, the digest and the CLI send: cost by currency (never added across currencies),
 * broken out by a threshold filter's dimensions too, so that one answer serves the filtered threshold and the
 * total; and the same by hour (`date_time`) for the series the forecast, the spike and the digest read.
 */
import type { TimeWindow, UsageQuery } from './usage';

/** The usage query behind a product's spend in a window. */
export function costQuery(product: string, filter: Readonly<Record<string, string>>, window: TimeWindow): UsageQuery {
  return { product, dimensions: costDimensions(filter), metrics: ['cost'], window };
}

/** The dimensions of a cost query: the currency, and the filter's dimensions so that its rows can be told apart. */
export function costDimensions(filter: Readonly<Record<string, string>>): string[] {
  return ['currency', ...Object.keys(filter).filter((dimension) => dimension !== 'currency')];
}

/** The usage query of an hourly cost series: cost by hour and currency, and by the filter's dimensions. */
export function hourlyCostQuery(product: string, filter: Readonly<Record<string, string>>, window: TimeWindow): UsageQuery {
  const extra = Object.keys(filter).filter((dimension) => dimension !== 'currency' && dimension !== 'date_time');
  return { product, dimensions: ['date_time', 'currency', ...extra], metrics: ['cost'], window };
}

/** The usage query of the managed accounts' spend in a window: cost by account and currency (and the filter's dimensions), `managed_accounts=true`. */
export function accountCostQuery(product: string, filter: Readonly<Record<string, string>>, window: TimeWindow): UsageQuery {
  return {
    product,
    dimensions: ['user_id', ...costDimensions(filter).filter((dimension) => dimension !== 'user_id')],
    metrics: ['cost'],
    window,
    managedAccounts: true,
  };
}
