/**
 * The simulator's normal answers: `GET /v2/usage_reports` (validated as Telnyx does, aggregated exactly, paged,
 * JSON or CSV), `GET /v2/usage_reports/options`, `GET /v2/balance` (./balance.ts) and `POST /v2/messages`
 * (./messages.ts), behind bearer authentication.
 */
import { managedAccountsAnswer } from './managed-accounts-api';
import { balanceBody, SAMPLE_BALANCE } from './balance';
import { type SentMessage, sendMessage } from './messages';
import { type PageFault, pageAsServed, queryAsServed } from './page-faults';
import { aggregate, pageOf, renderCsv, renderJson } from './report';
import { type Scenario, sampleDay, utcDayStart } from './scenario';
import { errorBody, errorForStatus, SimulatorRequestError } from './telnyx-error';
import { parseUsageQuery, type SimulatorQuery } from './usage-query';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface UsageApiOptions {
  /** Default: `sampleDay(now())`, rebuilt when the simulator's UTC day changes. */
  readonly scenario?: Scenario;
  /** When set, only `Authorization: Bearer <apiKey>` is accepted; when unset any non-empty bearer is. */
  readonly apiKey?: string;
  /** The server silently caps page[size] to this (meta.page_size tells the truth). */
  readonly pageSizeCap?: number;
  /** Replaces aggregation when it returns rows (paging and `sort` still apply); undefined = normal path. */
  readonly rowsFor?: (query: SimulatorQuery) => Array<Record<string, unknown>> | undefined;
  /** Products whose usage this key may not read: their usage queries answer 403 (code 10010). */
  readonly forbiddenProducts?: readonly string[];
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const BASE_PATH = '/v2';

export class UsageApi {
  /** The SMS accepted by `POST /v2/messages`, oldest first. */
  readonly messages: SentMessage[] = [];
  private sample: { day: number; scenario: Scenario } | undefined;

  constructor(
    private readonly options: UsageApiOptions,
    private readonly now: () => Date,
  ) {}

  /** The answer to a request, a Telnyx-style error body for anything refused. */
  answer(method: string, url: URL, authorization: string | undefined, pageFault?: PageFault, requestBody = ''): Answer {
    try {
      authenticate(authorization, this.options.apiKey);
      const path = url.pathname.replace(/\/+$/, '');
      if (method === 'GET' && path === `${BASE_PATH}/usage_reports`) return this.usageReports(url.searchParams, pageFault);
      if (method === 'GET' && path === `${BASE_PATH}/usage_reports/options`) return this.productOptions(url.searchParams);
      if (method === 'GET' && /^\/v2\/managed_accounts(\/[^/]+)?$/.test(path))
        return { status: 200, headers: { 'content-type': JSON_TYPE }, body: managedAccountsAnswer(this.scenarioAt(this.now()), path, url.searchParams) };
      if (method === 'GET' && path === `${BASE_PATH}/balance`) return this.json(balanceBody(this.scenarioAt(this.now()).balance ?? SAMPLE_BALANCE));
      if (method === 'POST' && path === `${BASE_PATH}/messages`)
        return { headers: { 'content-type': JSON_TYPE }, ...sendMessage(requestBody, this.messages, this.now()) };
      throw new SimulatorRequestError(404, [{ ...errorForStatus(404), detail: `The requested resource or URL could not be found: ${method} ${url.pathname}` }]);
    } catch (error) {
      if (error instanceof SimulatorRequestError) {
        return { status: error.status, headers: { 'content-type': JSON_TYPE }, body: errorBody(error.records) };
      }
      const detail = error instanceof Error ? error.message : String(error);
      return { status: 500, headers: { 'content-type': JSON_TYPE }, body: errorBody([{ ...errorForStatus(500), detail }]) };
    }
  }

  private scenarioAt(instant: Date): Scenario {
    if (this.options.scenario) return this.options.scenario;
    const day = utcDayStart(instant).getTime();
    if (this.sample?.day !== day) this.sample = { day, scenario: sampleDay(instant) };
    return this.sample.scenario;
  }

  private json(body: string): Answer {
    return { status: 200, headers: { 'content-type': JSON_TYPE }, body };
  }

  private usageReports(params: URLSearchParams, pageFault?: PageFault): Answer {
    const instant = this.now();
    const scenario = this.scenarioAt(instant);
    const parsed = parseUsageQuery(params, { products: scenario.products, now: instant, pageSizeCap: this.options.pageSizeCap });
    if (this.options.forbiddenProducts?.includes(parsed.product)) throw new SimulatorRequestError(403, [errorForStatus(403)]);
    const query = queryAsServed(parsed, pageFault);
    const rows = this.options.rowsFor?.(query) ?? aggregate(scenario, query);
    if (query.format === 'csv') return { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' }, body: renderCsv(pageOf(rows, query), query) };
    const served = pageAsServed(rows, query, pageFault);
    return { status: 200, headers: { 'content-type': JSON_TYPE }, body: renderJson(served, scenario.costAsString ?? false) };
  }

  private productOptions(params: URLSearchParams): Answer {
    const { products } = this.scenarioAt(this.now());
    const wanted = params.get('product');
    const selected = wanted === null ? products : products.filter((definition) => definition.product === wanted);
    if (wanted !== null && selected.length === 0) {
      throw new SimulatorRequestError(400, [{ code: '10015', title: 'Bad Request', detail: `Unknown product '${wanted}'.`, parameter: 'product' }]);
    }
    const data = selected.map((definition) => ({
      product: definition.product,
      product_dimensions: definition.dimensions,
      product_metrics: definition.metrics,
      record_types: null,
    }));
    return { status: 200, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify({ data }) };
  }
}

/** The bearer token of a request, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S.*)$/i.exec(authorization?.trim() ?? '');
  return match?.[1]?.trim() || undefined;
}

function authenticate(authorization: string | undefined, apiKey: string | undefined): void {
  const token = bearerToken(authorization);
  if (!token || (apiKey !== undefined && token !== apiKey)) {
    throw new SimulatorRequestError(401, [errorForStatus(401)]);
  }
}
