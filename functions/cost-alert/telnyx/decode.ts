/**
 * Telnyx's JSON answers as the client's types. A usage page is `{ data: [ { product, <dimension>: "text",
 * <metric>: number, ... } ], meta: { page_number, page_size, total_pages, total_results } }`; the options
 * answer is `{ data: [ { product, product_dimensions, product_metrics, record_types } ] }`.
 *
 * Cost becomes exact nano-units (bigint), never a float: Telnyx documents it as a JSON number; a numeric string
 * is accepted too. A null, absent or empty cost counts as zero (a row that costs nothing must not hide the
 * product's other rows) and is counted; anything else names the product and the row. Telnyx sends no currency
 * unless `currency` is a requested dimension, so a non-zero cost without one is counted for the read to refuse.
 */
import { parseNanos } from '../domain/money';
import { TelnyxResponseError } from './errors';
import { withholdSecretShaped } from './redact';
import type { ProductOptions, UsageQuery, UsageRow } from '../domain/usage';

/** Rows of one query that needed a second look, counted as its pages are converted. */
export interface RowCounts {
  /** Rows whose cost was null, absent or empty: counted as zero. */
  withoutCost: number;
  /** Rows with a non-zero cost but no currency, when the currency was asked for. */
  costWithoutCurrency: number;
}

/** What a JSON page's `meta` said; each field only when it is a whole number. */
export interface PageMeta {
  readonly pageNumber?: number;
  readonly pageSize?: number;
  readonly totalPages?: number;
  readonly totalResults?: number;
}

export interface DecodedPage {
  readonly rows: UsageRow[];
  readonly meta?: PageMeta;
}

type JsonRecord = Record<string, unknown>;

/** One JSON page of usage: its rows (costs exact) and its `meta` (undefined when it has none worth reading). */
export function decodeUsagePage(body: string, query: UsageQuery, pageNumber: number, counts: RowCounts): DecodedPage {
  const parsed = parseJson(body, `page ${pageNumber} of ${query.product} usage`, query.product);
  const data = isRecord(parsed) ? parsed['data'] : undefined;
  if (!Array.isArray(data)) {
    throw new TelnyxResponseError(`Telnyx answered page ${pageNumber} of ${query.product} usage without a data array`, query.product);
  }
  const rows = toUsageRows(data, query, pageNumber, counts);
  const metaValue = isRecord(parsed) ? parsed['meta'] : undefined;
  if (!isRecord(metaValue)) return { rows };
  const meta: PageMeta = {
    pageNumber: wholeNumber(metaValue['page_number']),
    pageSize: wholeNumber(metaValue['page_size']),
    totalPages: wholeNumber(metaValue['total_pages']),
    totalResults: wholeNumber(metaValue['total_results']),
  };
  return Object.values(meta).some((value) => value !== undefined) ? { rows, meta } : { rows };
}

/**
 * The `data` array of one JSON page as rows, each cost exact; exported for the benchmark's in-memory scale run.
 * `counts` gathers rows without a cost (counted as zero) and rows with a cost but no currency.
 */
export function toUsageRows(
  data: readonly unknown[],
  query: UsageQuery,
  pageNumber: number,
  counts: RowCounts = { withoutCost: 0, costWithoutCurrency: 0 },
): UsageRow[] {
  const wantsCost = query.metrics.includes('cost');
  const wantsCurrency = query.dimensions.includes('currency');
  const rows: UsageRow[] = new Array(data.length);
  for (let index = 0; index < data.length; index++) {
    const item: unknown = data[index];
    if (!isRecord(item)) {
      throw new TelnyxResponseError(`Row ${index} of page ${pageNumber} of ${query.product} usage is not an object`, query.product);
    }
    rows[index] = toRow(item, query, wantsCost, wantsCurrency, counts, () => `row ${index} of page ${pageNumber}`);
  }
  return rows;
}

function toRow(item: JsonRecord, query: UsageQuery, wantsCost: boolean, wantsCurrency: boolean, counts: RowCounts, where: () => string): UsageRow {
  const product = typeof item['product'] === 'string' ? item['product'] : query.product;
  if (!wantsCost) return { product, values: item };
  const raw = item['cost'];
  if (raw === null || raw === undefined || raw === '') {
    counts.withoutCost++;
    return { product, values: item, cost: 0n };
  }
  const cost = parseNanos(raw);
  if (cost === undefined) {
    throw new TelnyxResponseError(`Telnyx sent a cost that is not a number in ${where()} of ${query.product} usage: ${describeValue(raw)}`, query.product);
  }
  if (wantsCurrency && cost !== 0n && !hasText(item['currency'])) counts.costWithoutCurrency++;
  return { product, values: item, cost };
}

/** The options answer: every product with its dimensions and metrics. */
export function decodeProductOptions(body: string, product: string | undefined): ProductOptions[] {
  const parsed = parseJson(body, 'usage report options', product);
  const data = isRecord(parsed) ? parsed['data'] : undefined;
  if (!Array.isArray(data)) {
    throw new TelnyxResponseError('Telnyx answered the usage report options without a data array', product);
  }
  return data.map((entry, index) => {
    const name = isRecord(entry) ? entry['product'] : undefined;
    if (!isRecord(entry) || typeof name !== 'string') {
      throw new TelnyxResponseError(`Usage report options entry ${index} has no product name`, product);
    }
    return { product: name, dimensions: stringList(entry['product_dimensions']), metrics: stringList(entry['product_metrics']) };
  });
}

function parseJson(body: string, what: string, product: string | undefined): unknown {
  try {
    return JSON.parse(body);
  } catch {
    // Neither the body nor the parser's message (which quotes it): a proxy's page may echo the request headers.
    throw new TelnyxResponseError(`Telnyx answered ${what} with a body that is not JSON (${Buffer.byteLength(body)} bytes)`, product);
  }
}

/** A value quoted in a message: short and not secret-shaped, or described by its type and size. */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= 40 ? withholdSecretShaped(text) : `${typeof value} of ${text.length} characters`;
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function wholeNumber(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
