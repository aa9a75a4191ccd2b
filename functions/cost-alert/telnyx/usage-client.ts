/**
 * Client for Telnyx's `GET /v2/usage_reports` (and `/usage_reports/options`).
 *
 * What it guarantees, from ../../shared/telnyx/FACTS.md:
 * - arrays comma-joined in one parameter, filters as `filter[dim]=value` with the dimension also requested,
 *   explicit `start_date`/`end_date`, `page[size]=5000`, every page followed by `meta`, not by what was asked;
 * - a read is complete only when its pages add up: as many rows as `meta.total_results` (which wins over
 *   `total_pages`), no empty page before the announced end, no page repeating the one before, at most
 *   `maxPagesPerQuery` pages; anything else is a TelnyxIncompleteReadError, never a smaller or larger sum;
 * - cost turned into exact nano-units (a JSON number or a numeric string; null or absent counts as zero and is
 *   logged; anything else names product and row); a cost without a currency makes the read incomplete;
 * - retries of connection errors, timeouts, 408, 409, 429 and 5xx with backoff and jitter, honouring
 *   `retry-after-ms`, `Retry-After` and `x-ratelimit-reset`, never past the caller's deadline;
 * - at most `maxConcurrency` requests in flight, whatever the callers do (the endpoint throttles hard);
 * - the API key only ever in the Authorization header: never in a message, a log line or a cause. Messages are
 *   built from Telnyx's error fields (code, title, detail, source.parameter), never from a raw body, and pass
 *   through a redactor (./redact.ts); parsed data is never redacted.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseNanos } from '../domain/money';
import { formatApiDate, MAX_WINDOW_MS } from '../domain/periods';
import {
  type IncompleteReadReason,
  TelnyxApiError,
  TelnyxAuthError,
  TelnyxDeadlineError,
  type TelnyxErrorRecord,
  TelnyxForbiddenError,
  TelnyxIncompleteReadError,
  TelnyxNetworkError,
  TelnyxProductForbiddenError,
  TelnyxRateLimitError,
  TelnyxRequestError,
  TelnyxResponseError,
  TelnyxServerError,
  UsageQueryError,
} from './errors';
import { keyRedactor, type Redactor } from './redact';
import type { CallOptions, ClientStats, ProductOptions, TimeWindow, UsageQuery, UsageRow } from './types';

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
/** The longest text taken from one of Telnyx's error fields into a message. */
const MAX_FIELD_CHARS = 300;
const DATE_RANGE = /^(today|yesterday|this_(week|month|year)|last_(week|month|year)|last_[1-9]\d{0,2}_(hours|days|weeks|months))$/;
const NAME = /^[A-Za-z0-9_.-]+$/;

/** The part of a logger the client uses; Powertools' Logger fits. */
export interface ClientLog {
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  debug(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface UsageClientOptions {
  apiKey: string;
  /** Default https://api.telnyx.com/v2 */
  baseUrl?: string;
  /** Where the key came from, for the 401 message: e.g. 'SSM parameter /telnyx-cost-alert/api-key'. */
  apiKeySource?: string;
  /** Requests in flight at once, over all queries. Default 2: the endpoint throttles hard. */
  maxConcurrency?: number;
  /** Attempts per request, first included. Default 3 (two retries, as the official SDKs). */
  maxAttempts?: number;
  /** Per attempt, headers and body. Default 20 s. */
  attemptTimeoutMs?: number;
  /** First backoff; doubles per retry up to `maxBackoffMs`. Defaults 500 ms and 8 s. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** The longest single wait a server's Retry-After may ask for; past it the error is raised at once. Default 30 s. */
  maxRetryWaitMs?: number;
  /** Rows asked per page; the server may cap it lower. Default 5000. */
  pageSize?: number;
  /** Pages one query may take before its read is refused as a runaway. Default MAX_PAGES_PER_QUERY (400). */
  maxPagesPerQuery?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  log?: ClientLog;
}

interface Settings {
  readonly baseUrl: string;
  readonly maxAttempts: number;
  readonly attemptTimeoutMs: number;
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxRetryWaitMs: number;
  readonly pageSize: number;
  readonly maxPagesPerQuery: number;
}

/** Where a request goes: a 403 means "key refused" from the options endpoint, "this product refused" from usage. */
interface Target {
  readonly product: string | undefined;
  readonly endpoint: 'options' | 'usage';
}

/** Rows of one query that needed a second look, counted as its pages are converted. */
export interface RowCounts {
  /** Rows whose cost was null, absent or empty: counted as zero. */
  withoutCost: number;
  /** Rows with a non-zero cost but no currency, when the currency was asked for. */
  costWithoutCurrency: number;
}

/** What a JSON page's `meta` said; each field only when it is a whole number. */
interface PageMeta {
  readonly pageNumber?: number;
  readonly pageSize?: number;
  readonly totalPages?: number;
  readonly totalResults?: number;
}

type JsonRecord = Record<string, unknown>;

export class TelnyxUsageClient {
  readonly maxConcurrency: number;
  private readonly settings: Settings;
  private readonly apiKey: string;
  private readonly apiKeySource: string;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly log: ClientLog | undefined;
  private readonly redact: Redactor;
  private requestsSent = 0;
  private retriesMade = 0;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(options: UsageClientOptions) {
    if (!options.apiKey || !options.apiKey.trim()) {
      throw new UsageQueryError('The Telnyx API key is empty: set it in the API key parameter (or TELNYX_API_KEY locally)');
    }
    this.apiKey = options.apiKey.trim();
    this.apiKeySource = options.apiKeySource ?? 'the configured API key';
    this.maxConcurrency = positiveInteger(options.maxConcurrency ?? 2, 'maxConcurrency');
    this.settings = {
      baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
      maxAttempts: positiveInteger(options.maxAttempts ?? 3, 'maxAttempts'),
      attemptTimeoutMs: positiveInteger(options.attemptTimeoutMs ?? 20_000, 'attemptTimeoutMs'),
      baseBackoffMs: options.baseBackoffMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 8_000,
      maxRetryWaitMs: options.maxRetryWaitMs ?? 30_000,
      pageSize: Math.min(positiveInteger(options.pageSize ?? MAX_PAGE_SIZE, 'pageSize'), MAX_PAGE_SIZE),
      maxPagesPerQuery: positiveInteger(options.maxPagesPerQuery ?? MAX_PAGES_PER_QUERY, 'maxPagesPerQuery'),
    };
    this.redact = keyRedactor(this.apiKey);
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => sleepFor(ms).then(() => undefined));
    this.random = options.random ?? Math.random;
    this.log = options.log;
  }

  /** HTTP requests sent since the client was made (each attempt counts) and how many of them were retries. */
  get stats(): ClientStats {
    return { requests: this.requestsSent, retries: this.retriesMade };
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
   * that `meta` announces: `total_results` rows, else `total_pages` pages, else (no meta, CSV) an empty page.
   * A read whose pages do not add up throws TelnyxIncompleteReadError; each page is checked before its rows
   * are handed on, so no repeated page and no row past `total_results` ever reaches the caller.
   * The query is checked before anything is sent.
   */
  async *pages(query: UsageQuery, options: CallOptions = {}): AsyncGenerator<UsageRow[], void, undefined> {
    const base = buildQuery(query);
    const format = query.format ?? 'json';
    const product = query.product;
    const budget = this.settings.maxPagesPerQuery;
    const counts: RowCounts = { withoutCost: 0, costWithoutCurrency: 0 };
    const incomplete = (message: string, reason: IncompleteReadReason, page: number | undefined, rowsAreLowerBound = true) =>
      new TelnyxIncompleteReadError(this.redact(message), product, reason, page, rowsAreLowerBound);
    let rowsSoFar = 0;
    let previousPage: string | undefined;
    try {
      for (let pageNumber = 1; ; pageNumber++) {
        if (pageNumber > budget) {
          throw incomplete(
            `${product} usage was still going after ${budget} pages (${rowsSoFar} rows) without saying how many there are, more than a query may take: its pages cannot be trusted to add up, so it was not read`,
            'page-budget',
            pageNumber,
            false,
          );
        }
        const url = `${this.settings.baseUrl}/usage_reports?${base}&page[number]=${pageNumber}&page[size]=${this.settings.pageSize}`;
        const { body } = await this.request(url, { product, endpoint: 'usage' }, options);
        let page: { rows: UsageRow[]; meta?: PageMeta };
        try {
          page = format === 'csv' ? { rows: csvRows(body, query, counts) } : jsonRows(body, query, pageNumber, counts);
        } catch (error) {
          // A message may quote a field of the body (a cost that is no number): it is text people read.
          throw error instanceof Error ? withMessage(error, this.redact(error.message)) : error;
        }
        const { rows, meta } = page;
        if (meta?.pageNumber !== undefined && meta.pageNumber !== pageNumber) {
          // A server that ignores page[number] would hand out page 1 again and again; adding it up would overstate spend.
          throw new TelnyxResponseError(
            `Telnyx answered page ${meta.pageNumber} when page ${pageNumber} of ${product} usage was asked for, so its pages cannot be added up`,
            product,
          );
        }
        // total_results wins over total_pages: "1 page" of 12,000 rows at 5000 a page is not a complete read.
        const expectedRows = meta?.totalResults;
        if (rows.length === 0) {
          if (expectedRows !== undefined && rowsSoFar < expectedRows) {
            throw incomplete(
              `Page ${pageNumber} of ${product} usage came back empty after ${rowsSoFar} of the ${expectedRows} rows Telnyx announced`,
              'short',
              pageNumber,
            );
          }
          // Without total_results: an empty page the server announced is short, except "page 1 of 1" (an empty answer).
          if (expectedRows === undefined && meta?.totalPages !== undefined && pageNumber <= meta.totalPages && meta.totalPages > 1) {
            throw incomplete(`Page ${pageNumber} of the ${meta.totalPages} pages of ${product} usage Telnyx announced came back empty`, 'short', pageNumber);
          }
          break;
        }
        const fingerprint = pageFingerprint(rows);
        if (fingerprint === previousPage) {
          throw incomplete(
            `Page ${pageNumber} of ${product} usage repeats page ${pageNumber - 1} (the same ${rows.length} rows): Telnyx or a proxy ignored page[number], so its pages cannot be added up`,
            'repeated-page',
            pageNumber,
          );
        }
        previousPage = fingerprint;
        if (expectedRows !== undefined && rowsSoFar + rows.length > expectedRows) {
          throw incomplete(
            `Page ${pageNumber} of ${product} usage brings its rows to ${rowsSoFar + rows.length}, more than the ${expectedRows} Telnyx announced`,
            'too-many-rows',
            pageNumber,
          );
        }
        if (meta !== undefined && pageNumber === 1) {
          const perPage = meta.pageSize !== undefined && meta.pageSize > 0 ? meta.pageSize : rows.length;
          const announcedPages = Math.max(meta.totalPages ?? 0, expectedRows === undefined ? 0 : Math.ceil(expectedRows / perPage));
          if (announcedPages > budget) {
            throw incomplete(
              `Telnyx announced ${announcedPages} pages of ${product} usage (${expectedRows ?? 'an unknown number of'} rows), more than the ${budget} a query may take: it was not read`,
              'page-budget',
              pageNumber,
            );
          }
        }
        rowsSoFar += rows.length;
        yield rows;
        // No usable meta: a short page proves nothing (the server may cap the page size), so read on to an empty page.
        if (expectedRows === undefined && meta?.totalPages === undefined) continue;
        if (expectedRows !== undefined ? rowsSoFar >= expectedRows : pageNumber >= (meta?.totalPages ?? 0)) break;
      }
      if (counts.costWithoutCurrency > 0) {
        throw incomplete(
          `${counts.costWithoutCurrency} row(s) of ${product} usage carry a cost but no currency, so their spend cannot be counted in any currency`,
          'missing-currency',
          undefined,
        );
      }
    } finally {
      if (counts.withoutCost > 0) {
        this.log?.warn('Telnyx sent usage rows without a cost; counted as zero', { product, rows: counts.withoutCost });
      }
    }
  }

  /** What each product offers: its dimensions and metrics (`GET /usage_reports/options`). */
  async productOptions(product?: string, options: CallOptions = {}): Promise<ProductOptions[]> {
    if (product !== undefined && !NAME.test(product)) throw new UsageQueryError(`"${product}" is not a Telnyx product name`);
    const query = product === undefined ? '' : `?product=${encodeURIComponent(product)}`;
    const response = await this.request(`${this.settings.baseUrl}/usage_reports/options${query}`, { product, endpoint: 'options' }, options);
    const body = parseJson(response.body, 'usage report options', product);
    const data = isRecord(body) ? body['data'] : undefined;
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

  /** Names of the products whose usage reports have a `cost` metric, sorted. */
  async costProducts(options: CallOptions = {}): Promise<string[]> {
    return (await this.costProductOptions(options)).map((entry) => entry.product);
  }

  /** One GET with retries; resolves with the body of a 2xx answer. */
  private async request(url: string, target: Target, options: CallOptions): Promise<{ body: string }> {
    const { product } = target;
    const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    let lastError: Error | undefined;
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - this.clock();
      if (remaining <= 0) {
        throw new TelnyxDeadlineError(
          `No time left to read ${describe(product)} from Telnyx${lastError ? ` after ${attempt - 1} attempt(s): ${lastError.message}` : ''}`,
          product,
          { cause: lastError },
        );
      }
      const outcome = await this.attempt(url, target, deadline, lastError);
      if (outcome.ok) return { body: outcome.body };
      lastError = outcome.error;
      if (!outcome.retryable || attempt >= this.settings.maxAttempts) throw outcome.error;

      const backoff = Math.min(this.settings.baseBackoffMs * 2 ** (attempt - 1), this.settings.maxBackoffMs) * (1 - this.random() * 0.25);
      const wait = Math.ceil(Math.max(backoff, outcome.retryAfterMs ?? 0));
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > this.settings.maxRetryWaitMs) {
        throw withMessage(
          outcome.error,
          `${outcome.error.message} (Telnyx asked to wait ${Math.ceil(outcome.retryAfterMs / 1000)} s, longer than a check can)`,
        );
      }
      if (this.clock() + wait >= deadline) {
        throw new TelnyxDeadlineError(
          `Gave up reading ${describe(product)} from Telnyx after ${attempt} attempt(s): the next retry (in ${wait} ms) would pass the deadline. Last error: ${outcome.error.message}`,
          product,
          { cause: outcome.error },
        );
      }
      this.log?.warn('Telnyx request failed; retrying', {
        product,
        attempt,
        waitMs: wait,
        error: outcome.error.name,
        status: outcome.error instanceof TelnyxApiError ? outcome.error.status : undefined,
      });
      await this.sleep(wait);
      this.retriesMade++;
    }
  }

  private async attempt(
    url: string,
    target: Target,
    deadline: number,
    lastError: Error | undefined,
  ): Promise<{ ok: true; body: string } | { ok: false; error: Error; retryable: boolean; retryAfterMs?: number }> {
    const { product } = target;
    await this.acquire();
    try {
      // Measured after the wait for a slot: queued requests must not run past the deadline either.
      const remaining = deadline - this.clock();
      if (remaining <= 0) {
        throw new TelnyxDeadlineError(
          `No time left to read ${describe(product)} from Telnyx (the check's deadline passed while requests queued)${lastError ? `. Last error: ${lastError.message}` : ''}`,
          product,
          { cause: lastError },
        );
      }
      const timeoutMs = Math.min(this.settings.attemptTimeoutMs, remaining);
      let response: Response;
      let body: string;
      this.requestsSent++;
      try {
        response = await fetch(url, {
          headers: { Authorization: `Bearer ${this.apiKey}`, Accept: 'application/json, text/csv' },
          signal: AbortSignal.timeout(timeoutMs),
        });
        // Not redacted: the body is data (a product may be called what a short key spells). Messages are built
        // from its error fields, each redacted; a body that is not JSON is described by its size, never quoted.
        body = await response.text();
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        const reason = timedOut ? `no answer within ${timeoutMs} ms` : networkReason(error);
        return {
          ok: false,
          retryable: true,
          error: new TelnyxNetworkError(this.redact(`Could not reach Telnyx for ${describe(product)}: ${reason}`), product, {
            cause: this.redactError(error),
            timedOut,
          }),
        };
      }
      if (response.ok) return { ok: true, body };
      const error = this.apiError(response.status, body, target);
      const retryable = isRetryableStatus(response.status);
      return { ok: false, error, retryable, retryAfterMs: retryable ? retryAfter(response.headers, this.clock()) : undefined };
    } finally {
      this.releaseSlot();
    }
  }

  private apiError(status: number, body: string, target: Target): TelnyxApiError {
    const { product } = target;
    const records = errorRecords(body).map((record) => this.redactRecord(record));
    const first = records[0];
    const what = [first?.code ? `code ${first.code}` : undefined, first?.title].filter(Boolean).join(' ');
    const said = [first?.title, first?.detail].filter(Boolean).join(': ') || `HTTP ${status} with ${bodyNote(body)}`;
    const subject = describe(product);
    if (status === 401) {
      return new TelnyxAuthError(
        `Telnyx did not accept the API key (HTTP 401${what ? `, ${what}` : ''}). Check ${this.apiKeySource}: it must hold a current Telnyx API v2 key.`,
        status,
        product,
        records,
      );
    }
    if (status === 403 && target.endpoint === 'usage' && product !== undefined) {
      return new TelnyxProductForbiddenError(
        `Telnyx refused ${product} usage to this API key (HTTP 403${what ? `, ${what}` : ''}${first?.detail ? `: ${first.detail}` : ''}). The other products are still read; allow the key (${this.apiKeySource}) to read ${product} usage reports, or remove the ${product} threshold.`,
        status,
        product,
        records,
      );
    }
    if (status === 403) {
      return new TelnyxForbiddenError(
        `Telnyx refused usage reports to this API key (HTTP 403${what ? `, ${what}` : ''}): use a key of an account allowed to read usage reports (${this.apiKeySource}).`,
        status,
        product,
        records,
      );
    }
    if (status === 429) {
      return new TelnyxRateLimitError(`Telnyx is rate limiting usage reports (HTTP 429) for ${subject}: ${said}`, status, product, records);
    }
    if (status >= 500 || status === 408 || status === 409) {
      return new TelnyxServerError(`Telnyx failed to answer for ${subject} (HTTP ${status}): ${said}`, status, product, records);
    }
    const parameter = first?.parameter ?? first?.title ?? 'the request';
    return new TelnyxRequestError(
      `Telnyx rejected ${parameter} for ${product ?? 'the request'} (HTTP ${status}): ${first?.detail ?? first?.title ?? bodyNote(body)}`,
      status,
      product,
      records,
    );
  }

  /** An error record as text people read: every field redacted, then long ones cut (a cut cannot uncover what is masked). */
  private redactRecord(record: TelnyxErrorRecord): TelnyxErrorRecord {
    const clean = (text: string | undefined) => (text === undefined ? undefined : clip(this.redact(text)));
    return {
      code: clean(record.code),
      title: clean(record.title),
      detail: clean(record.detail),
      parameter: clean(record.parameter),
      pointer: clean(record.pointer),
    };
  }

  /** A cause without the key in it: rebuilt from name and message only (causes of fetch failures carry no headers, but make sure). */
  private redactError(error: unknown): Error {
    if (!(error instanceof Error)) return new Error(this.redact(String(error)));
    const inner = (error as { cause?: unknown }).cause;
    const copy = new Error(this.redact(error.message), inner === undefined ? undefined : { cause: this.redactError(inner) });
    copy.name = error.name;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') Object.assign(copy, { code });
    return copy;
  }

  private async acquire(): Promise<void> {
    if (this.inFlight < this.maxConcurrency) {
      this.inFlight++;
      return;
    }
    // The slot is handed over by releaseSlot without decrementing, so a newcomer cannot overtake.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}

/** The query string shared by every page of a query; throws UsageQueryError before anything is sent. */
export function buildQuery(query: UsageQuery): string {
  if (!query.product || !NAME.test(query.product)) {
    throw new UsageQueryError(`"${query.product ?? ''}" is not a Telnyx product name (e.g. messaging, sip-trunking)`);
  }
  const filters = Object.entries(query.filters ?? {});
  const dimensions = [...query.dimensions];
  for (const [dimension, value] of filters) {
    if (!NAME.test(dimension)) throw new UsageQueryError(`Filter dimension "${dimension}" is not a dimension name`);
    if (typeof value !== 'string' || value === '') throw new UsageQueryError(`Filter ${dimension} needs a value`);
    // Telnyx ignores a filter whose dimension is not also requested.
    if (!dimensions.includes(dimension)) dimensions.push(dimension);
  }
  checkNames(dimensions, 'dimensions', query.product);
  checkNames(query.metrics, 'metrics', query.product);

  const parts = [`product=${encodeURIComponent(query.product)}`, `dimensions=${joined(dimensions)}`, `metrics=${joined(query.metrics)}`];
  if ((query.window === undefined) === (query.dateRange === undefined)) {
    throw new UsageQueryError(`A usage query for ${query.product} needs exactly one of a start/end window and a date_range`);
  }
  if (query.window) {
    checkWindow(query.window, query.product);
    parts.push(`start_date=${formatApiDate(query.window.start)}`, `end_date=${formatApiDate(query.window.end)}`);
  } else if (query.dateRange !== undefined) {
    if (!DATE_RANGE.test(query.dateRange)) {
      throw new UsageQueryError(
        `date_range "${query.dateRange}" is not one Telnyx knows: use today, yesterday, this_month, last_month, last_N_hours, last_N_days or last_N_weeks`,
      );
    }
    parts.push(`date_range=${query.dateRange}`);
  }
  for (const [dimension, value] of filters) parts.push(`filter[${dimension}]=${encodeURIComponent(value)}`);
  if (query.managedAccounts) parts.push('managed_accounts=true');
  if (query.sort && query.sort.length > 0) {
    for (const key of query.sort) {
      if (!/^-?[A-Za-z0-9_]+$/.test(key)) throw new UsageQueryError(`sort "${key}" is not a field name (e.g. cost or -cost)`);
    }
    parts.push(`sort=${joined(query.sort)}`);
  }
  if (query.format === 'csv') parts.push('format=csv');
  return parts.join('&');
}

function checkWindow(window: TimeWindow, product: string): void {
  const start = window.start.getTime();
  const end = window.end.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new UsageQueryError(`The usage window for ${product} has an invalid date`);
  if (start % 1000 !== 0 || end % 1000 !== 0) {
    throw new UsageQueryError(`The usage window for ${product} must start and end on whole seconds (the API takes YYYY-MM-DDTHH:mm:ssZ)`);
  }
  if (end <= start) {
    throw new UsageQueryError(`The usage window for ${product} is empty: ${formatApiDate(window.start)} to ${formatApiDate(window.end)}`);
  }
  if (end - start > MAX_WINDOW_MS) {
    throw new UsageQueryError(
      `The usage window for ${product} spans more than 31 days (${formatApiDate(window.start)} to ${formatApiDate(window.end)}): split it`,
    );
  }
}

function checkNames(names: readonly string[], what: string, product: string): void {
  if (names.length === 0) throw new UsageQueryError(`A usage query for ${product} needs at least one of ${what}`);
  for (const name of names) {
    if (!NAME.test(name)) throw new UsageQueryError(`"${name}" in ${what} for ${product} is not a field name`);
  }
}

function joined(values: readonly string[]): string {
  return values.map(encodeURIComponent).join(',');
}

function jsonRows(body: string, query: UsageQuery, pageNumber: number, counts: RowCounts): { rows: UsageRow[]; meta?: PageMeta } {
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

function csvRows(body: string, query: UsageQuery, counts: RowCounts): UsageRow[] {
  let records: JsonRecord[];
  try {
    records = parseCsv(body, { columns: true, skip_empty_lines: true, trim: true }) as JsonRecord[];
  } catch (error) {
    // Only the parser's code: its message may quote the body.
    const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
    throw new TelnyxResponseError(
      `Telnyx answered ${query.product} usage with CSV that does not parse (${typeof code === 'string' ? code : 'unknown error'}, ${Buffer.byteLength(body)} bytes)`,
      query.product,
    );
  }
  const wantsCost = query.metrics.includes('cost');
  const wantsCurrency = query.dimensions.includes('currency');
  return records.map((record, index) => toRow(record, query, wantsCost, wantsCurrency, counts, () => `CSV row ${index + 1}`));
}

function toRow(item: JsonRecord, query: UsageQuery, wantsCost: boolean, wantsCurrency: boolean, counts: RowCounts, where: () => string): UsageRow {
  const product = typeof item['product'] === 'string' ? item['product'] : query.product;
  if (!wantsCost) return { product, values: item };
  const raw = item['cost'];
  if (raw === null || raw === undefined || raw === '') {
    // A row that costs nothing must not hide the product's other rows.
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

/**
 * Cheap identity of a page: its length and its first and last rows. Rows of an aggregated report are distinct
 * groups, so two consecutive real pages never share their first row; a repeated page shares all three.
 */
function pageFingerprint(rows: readonly UsageRow[]): string {
  return `${rows.length}|${JSON.stringify(rows[0]?.values)}|${JSON.stringify(rows[rows.length - 1]?.values)}`;
}

/** A value quoted in a message: short, or described by its type and size. */
function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= 40 ? text : `${typeof value} of ${text.length} characters`;
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function wholeNumber(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}

/** What a body that carries no error records was, without quoting it (it may echo the request headers). */
function bodyNote(body: string): string {
  const bytes = Buffer.byteLength(body);
  if (bytes === 0) return 'an empty body';
  try {
    JSON.parse(body);
    return `a JSON body of ${bytes} bytes without error details`;
  } catch {
    return `a non-JSON body of ${bytes} bytes`;
  }
}

function clip(text: string): string {
  return text.length <= MAX_FIELD_CHARS ? text : `${text.slice(0, MAX_FIELD_CHARS)}...`;
}

function parseJson(body: string, what: string, product: string | undefined): unknown {
  try {
    return JSON.parse(body);
  } catch {
    // Neither the body nor the parser's message (which quotes it): a proxy's page may echo the request headers.
    throw new TelnyxResponseError(`Telnyx answered ${what} with a body that is not JSON (${Buffer.byteLength(body)} bytes)`, product);
  }
}

function errorRecords(body: string): TelnyxErrorRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const errors = isRecord(parsed) ? parsed['errors'] : undefined;
  if (!Array.isArray(errors)) return [];
  return errors.filter(isRecord).map((record) => {
    const source = isRecord(record['source']) ? record['source'] : {};
    return {
      code: optionalString(record['code']),
      title: optionalString(record['title']),
      detail: optionalString(record['detail']),
      parameter: optionalString(source['parameter']),
      pointer: optionalString(source['pointer']),
    };
  });
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** How long the server asked us to wait, in ms: retry-after-ms, Retry-After (seconds or HTTP date), x-ratelimit-reset. */
export function retryAfter(headers: Headers, now: number): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const after = headers.get('retry-after');
  if (after !== null && after.trim() !== '') {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (headers.has('x-ratelimit-reset') && Number.isFinite(reset) && reset >= 0) {
    // Seconds until the window resets; a value that large can only be an epoch timestamp.
    return reset > 1_000_000_000 ? Math.max(0, reset * 1000 - now) : reset * 1000;
  }
  return undefined;
}

function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = cause instanceof Error ? (cause as { code?: unknown }).code : undefined;
  return [error.message, typeof code === 'string' ? code : cause instanceof Error ? cause.message : undefined].filter(Boolean).join(': ');
}

function withMessage<E extends Error>(error: E, message: string): E {
  error.message = message;
  return error;
}

function describe(product: string | undefined): string {
  return product === undefined ? 'usage report options' : `${product} usage`;
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageQueryError(`${name} must be a whole number of at least 1, got ${value}`);
  return value;
}
