/**
 * Client for Telnyx's `GET /v2/usage_reports` (and `/usage_reports/options`): the usage source of the check,
 * the digest and the CLI. It puts together:
 * - ./query.ts: the query string, checked before anything is sent;
 * - ./transport.ts with ./throttle.ts and ./retry-policy.ts: one GET with retries, the shared throttle
 *   (concurrency that adapts to 429s, a pause per endpoint), the caller's deadline, a capped body (./body.ts);
 * - ./pagination.ts with ./page-rules.ts: every page of a query, a read complete only when its pages add up;
 * - ./decode.ts: JSON rows with exact costs; ./api-errors.ts: answers that were not a success as named errors,
 *   their text redacted (./redact.ts);
 * - ./balance.ts: `GET /balance`, the account's available credit, exact, over the same transport.
 * The API key only ever goes in the Authorization header: never in a message, a log line or a cause.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { ErrorWording } from './api-errors';
import { readBalance } from './balance';
import { DEFAULT_MAX_BODY_BYTES } from './body';
import { decodeProductOptions } from './decode';
import { TelnyxResponseError, UsageQueryError } from './errors';
import { listManagedAccounts, MANAGED_ACCOUNTS_PAGE_SIZE } from './managed-accounts';
import { readPages } from './pagination';
import { buildQuery, NAME } from './query';
import { keyRedactor } from './redact';
import { Throttle } from './throttle';
import { type ClientLog, Transport } from './transport';
import type { ManagedAccount } from '../domain/account-names';
import type { AccountBalance } from '../domain/balance';
import type { CallOptions, ProductOptions, UsageQuery, UsageRow } from '../domain/usage';
import type { ClientStats } from './types';

export { buildQuery } from './query';
export { retryAfter } from './retry-policy';
export { toUsageRows, type RowCounts } from './decode';
export type { ClientLog } from './transport';

export const DEFAULT_BASE_URL = 'https://api.telnyx.com/v2';
/** The API's largest page: one request per 5000 rows. */
export const MAX_PAGE_SIZE = 5000;
/**
 * The page budget of one query: 400 pages, 2,000,000 rows at 5000 a page (twice the million rows of a month of
 * the busiest account the bench reads). A read announced larger fails before any row is handed on; one without
 * `meta` that is still going at the budget (a server ignoring page[number] with rows that change) fails there.
 * Either way an error, never data.
 */
export const MAX_PAGES_PER_QUERY = 400;

export interface UsageClientOptions {
  apiKey: string;
  /** Default https://api.telnyx.com/v2 */
  baseUrl?: string;
  /** Where the key came from, for the 401 message: e.g. 'SSM parameter /telnyx-cost-alert/api-key'. */
  apiKeySource?: string;
  /** Requests in flight at once, over all queries; halved on a 429, grown back on success. Default 2: the endpoint throttles hard. */
  maxConcurrency?: number;
  /** Attempts per request for 5xx, 408, 409, timeouts and connection errors, the first included. Default 3 (two retries, as the official SDKs). */
  maxAttempts?: number;
  /** Attempts per request answered 429. The deadline bounds them; this only guards against a clock that does not move. Default 100. */
  maxThrottledAttempts?: number;
  /** Per attempt, headers and body. Default 20 s. */
  attemptTimeoutMs?: number;
  /** First backoff; doubles per retry up to `maxBackoffMs`. Defaults 500 ms and 8 s. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long one request may keep retrying when the caller gives no deadline (the CLI). Default 2 minutes. */
  retryBudgetMs?: number;
  /** The largest answer read; past it the read stops and the product is not read. Default 16 MB. */
  maxBodyBytes?: number;
  /** Rows asked per page; the server may cap it lower. Default 5000. */
  pageSize?: number;
  /** Pages one query may take before its read is refused as a runaway. Default MAX_PAGES_PER_QUERY (400). */
  maxPagesPerQuery?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** The signal that ends an attempt after its timeout. Default AbortSignal.timeout; a test fires its own when it chooses. */
  attemptSignal?: (timeoutMs: number) => AbortSignal;
  log?: ClientLog;
}

export class TelnyxUsageClient {
  readonly maxConcurrency: number;
  private readonly baseUrl: string;
  private readonly pageSize: number;
  private readonly maxPagesPerQuery: number;
  private readonly wording: ErrorWording;
  private readonly transport: Transport;
  private readonly log: ClientLog | undefined;

  constructor(options: UsageClientOptions) {
    if (!options.apiKey || !options.apiKey.trim()) {
      throw new UsageQueryError('The Telnyx API key is empty: set it in the API key parameter (or TELNYX_API_KEY locally)');
    }
    const apiKey = options.apiKey.trim();
    const clock = options.clock ?? Date.now;
    this.maxConcurrency = positiveInteger(options.maxConcurrency ?? 2, 'maxConcurrency');
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.pageSize = Math.min(positiveInteger(options.pageSize ?? MAX_PAGE_SIZE, 'pageSize'), MAX_PAGE_SIZE);
    this.maxPagesPerQuery = positiveInteger(options.maxPagesPerQuery ?? MAX_PAGES_PER_QUERY, 'maxPagesPerQuery');
    this.wording = { redact: keyRedactor(apiKey), apiKeySource: options.apiKeySource ?? 'the configured API key' };
    this.log = options.log;
    const settings = {
      apiKey,
      maxAttempts: positiveInteger(options.maxAttempts ?? 3, 'maxAttempts'),
      maxThrottledAttempts: positiveInteger(options.maxThrottledAttempts ?? 100, 'maxThrottledAttempts'),
      attemptTimeoutMs: positiveInteger(options.attemptTimeoutMs ?? 20_000, 'attemptTimeoutMs'),
      baseBackoffMs: options.baseBackoffMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 8_000,
      retryBudgetMs: positiveInteger(options.retryBudgetMs ?? 120_000, 'retryBudgetMs'),
      maxBodyBytes: positiveInteger(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes'),
    };
    const sleep = options.sleep ?? ((ms: number) => sleepFor(ms).then(() => undefined));
    const throttle = new Throttle(this.maxConcurrency, clock, sleep);
    this.transport = new Transport(settings, {
      throttle,
      wording: this.wording,
      clock,
      sleep,
      random: options.random ?? Math.random,
      attemptSignal: options.attemptSignal ?? ((timeoutMs) => AbortSignal.timeout(timeoutMs)),
      log: options.log,
    });
  }

  /** HTTP requests sent since the client was made (each attempt counts) and how many of them were retries. */
  get stats(): ClientStats {
    return { requests: this.transport.requests, retries: this.transport.retries };
  }

  /** Every row of the query, in order. Prefer `pages` for large answers: it holds one page at a time. */
  async list(query: UsageQuery, options: CallOptions = {}): Promise<UsageRow[]> {
    const rows: UsageRow[] = [];
    for await (const page of this.pages(query, options)) {
      for (const row of page) rows.push(row);
    }
    return rows;
  }

  /**
   * The rows of a query a page at a time (a server may cap the page size below what was asked), to the end
   * that `meta` announces: `total_results` rows, else `total_pages` pages, else (no meta) an empty page.
   * A read whose pages do not add up throws TelnyxIncompleteReadError; each page is checked before its rows
   * are handed on, so no repeated page and no row past `total_results` ever reaches the caller.
   * The query is checked before anything is sent.
   */
  async *pages(query: UsageQuery, options: CallOptions = {}): AsyncGenerator<UsageRow[], void, undefined> {
    const base = `${this.baseUrl}/usage_reports?${buildQuery(query)}`;
    yield* readPages({
      query,
      pageSize: this.pageSize,
      maxPages: this.maxPagesPerQuery,
      fetchPage: (pageNumber, lastPage) =>
        this.transport.get(
          `${base}&page[number]=${pageNumber}&page[size]=${this.pageSize}`,
          { product: query.product, endpoint: 'usage', what: `page ${pageNumber} of ${query.product} usage`, lastPage },
          options.deadline,
        ),
      redact: this.wording.redact,
      warn: (message, extra) => this.log?.warn(message, extra),
    });
  }

  /** What each product offers: its dimensions and metrics (`GET /usage_reports/options`). */
  async productOptions(product?: string, options: CallOptions = {}): Promise<ProductOptions[]> {
    if (product !== undefined && !NAME.test(product)) throw new UsageQueryError(`"${product}" is not a Telnyx product name`);
    const query = product === undefined ? '' : `?product=${encodeURIComponent(product)}`;
    const target = { product, endpoint: 'options', what: 'the usage report options' } as const;
    const body = await this.transport.get(`${this.baseUrl}/usage_reports/options${query}`, target, options.deadline);
    return decodeProductOptions(body, product);
  }

  /**
   * Products whose usage reports have a `cost` metric, with their dimensions, sorted by name. An answer that
   * lists none is an error: watching nothing because the options changed shape must not pass for a quiet day.
   */
  async costProductOptions(options: CallOptions = {}): Promise<ProductOptions[]> {
    const all = await this.productOptions(undefined, options);
    const withCost = all.filter((entry) => entry.metrics.includes('cost')).sort((a, b) => a.product.localeCompare(b.product));
    if (withCost.length === 0) {
      throw new TelnyxResponseError(
        `Telnyx listed ${all.length} usage report product(s) but none with a cost metric, so there is no spend to check`,
        undefined,
      );
    }
    return withCost;
  }

  /**
   * The key's managed accounts (`GET /v2/managed_accounts`, ./managed-accounts.ts): id, organization name and email
   * of each, a page of 250 at a time. Never the per-account endpoint, whose answer holds the account's API key.
   */
  managedAccounts(options: CallOptions = {}): AsyncGenerator<ManagedAccount[], void, undefined> {
    return listManagedAccounts({
      baseUrl: this.baseUrl,
      pageSize: MANAGED_ACCOUNTS_PAGE_SIZE,
      ahead: this.maxConcurrency,
      get: (url, what, abandon) => this.transport.get(url, { product: undefined, endpoint: 'accounts', what }, options.deadline, abandon),
    });
  }

  /** The account's balance (`GET /balance`): the available credit and its parts, exact. */
  async balance(options: CallOptions = {}): Promise<AccountBalance> {
    return readBalance(this.transport, this.baseUrl, options.deadline);
  }

  /** Names of the products whose usage reports have a `cost` metric, sorted. */
  async costProducts(options: CallOptions = {}): Promise<string[]> {
    return (await this.costProductOptions(options)).map((entry) => entry.product);
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageQueryError(`${name} must be a whole number of at least 1, got ${value}`);
  return value;
}
