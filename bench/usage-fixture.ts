/**
 * The usage the benchmark feeds through: a scenario of N products with a cost metric, and deterministic
 * usage rows of a managed-accounts account (one row per user_id, currency USD), so that every process
 * (simulator, bench, scale worker) can rebuild the same rows and the same expected totals.
 */
import type { ProductDefinition, Scenario } from '../functions/telnyx-simulator/server';
import { formatNanos } from '../functions/cost-alert/domain/money';

/** The API's largest page: the client asks for it, so one request carries this many rows. */
export const ROWS_PER_PAGE = 5000;
/** Enough products for the largest cell of the check-cycle grid. */
export const PRODUCT_COUNT = 20;
export const BENCH_API_KEY = 'bench-api-key';
export const THRESHOLDS_PATH = '/telnyx-cost-alert/thresholds';

export function productName(index: number): string {
  return `bench-product-${String(index).padStart(2, '0')}`;
}

export function productNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => productName(index));
}

/** Products as the options endpoint lists them; rows come from the `rowsFor` hook, so no records. */
export function benchScenario(): Scenario {
  const products: ProductDefinition[] = productNames(PRODUCT_COUNT).map((product) => ({
    product,
    dimensions: ['date', 'date_time', 'currency', 'direction', 'user_id'],
    metrics: ['cost'],
  }));
  return { products, records: {} };
}

/**
 * Cost of one row in nano-units: 0.000800 to 4.000799 USD with six decimals, as Telnyx prints costs.
 * Spread by a multiplicative step so that neighbouring rows differ.
 */
export function rowCostNanos(productIndex: number, rowIndex: number): bigint {
  const micros = 800 + ((rowIndex * 7919 + productIndex * 104_729) % 4_000_000);
  return BigInt(micros) * 1000n;
}

/** A managed account's id, distinct per row (36 characters, like Telnyx's UUIDs). */
export function userId(rowIndex: number): string {
  return `3ca7bd3d-7d82-4e07-9df4-${rowIndex.toString(16).padStart(12, '0')}`;
}

export function direction(rowIndex: number): string {
  return rowIndex % 3 === 0 ? 'inbound' : 'outbound';
}

/** Rows as the simulator's aggregation produces them: dimension strings, cost as exact bigint nano-units. */
export function simulatorRows(product: string, count: number): Array<Record<string, unknown>> {
  const productIndex = productIndexOf(product);
  const rows: Array<Record<string, unknown>> = new Array(count);
  for (let i = 0; i < count; i++) {
    rows[i] = { product, user_id: userId(i), currency: 'USD', direction: direction(i), cost: rowCostNanos(productIndex, i) };
  }
  return rows;
}

/** Sum of the first `count` rows of a product: what every client must arrive at. */
export function expectedTotalNanos(product: string, count: number): bigint {
  const productIndex = productIndexOf(product);
  let total = 0n;
  for (let i = 0; i < count; i++) total += rowCostNanos(productIndex, i);
  return total;
}

/** The cost as the API's JSON carries it: the decimal text of the amount. */
export function costText(nanos: bigint): string {
  return formatNanos(nanos, 6);
}

function productIndexOf(product: string): number {
  const match = /(\d+)$/.exec(product);
  return match ? Number(match[1]) : 0;
}
