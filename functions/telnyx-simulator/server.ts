/**
 * A local imitation of Telnyx's usage reports API (`GET /v2/usage_reports` and `/v2/usage_reports/options`)
 * on node:http, for tests, the local run and benchmarks. It aggregates scenario records the way the real
 * API does, and can be told to misbehave (faults) to exercise a client's retries and error handling.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EchoFault, type PageFault, bendPage, echoBody } from './page-faults';
import { aggregate, pageOf, renderCsv, renderJson } from './report';
import { type Scenario, sampleDay, utcDayStart } from './scenario';
import { type SentMessage, sendMessage } from './messages';
import { errorBody, errorForStatus, SimulatorRequestError } from './telnyx-error';
import { parseUsageQuery, type SimulatorQuery } from './usage-query';

export type { SimulatorQuery } from './usage-query';
export type { Scenario, ProductDefinition, UsageRecord } from './scenario';
export type { EchoFault, PageFault } from './page-faults';
export type { SentMessage } from './messages';

export interface SimulatorOptions {
  /** Default: `sampleDay(now())`, rebuilt when the simulator's UTC day changes. */
  scenario?: Scenario;
  /** When set, only `Authorization: Bearer <apiKey>` is accepted; when unset any non-empty bearer is. */
  apiKey?: string;
  /** The server silently caps page[size] to this (meta.page_size tells the truth). */
  pageSizeCap?: number;
  /** Added before every response. */
  latencyMs?: number;
  /** The simulator's clock: date_range literals and the sample day are relative to it. */
  now?: () => Date;
  host?: string;
  port?: number;
  /** Replaces aggregation when it returns rows (paging and `sort` still apply); undefined = normal path. */
  rowsFor?: (query: SimulatorQuery) => Array<Record<string, unknown>> | undefined;
  /**
   * Products whose usage this key may not read: their usage queries answer 403 (code 10010) while the options
   * endpoint and the other products answer normally, as for a key whose role leaves some products out.
   */
  forbiddenProducts?: readonly string[];
}

export interface Fault {
  /**
   * Default: any request. `path` is the request path, with or without the `/v2` prefix; `page` the
   * page[number] asked (1 when none is sent).
   */
  match?: { product?: string; path?: string; page?: number };
  /** How many matching requests it applies to (default 1). */
  times?: number;
  /** Answer with this status (default 200 when only `body` is given). */
  status?: number;
  /** Added to the answer (the fault's or, without status and body, the normal one). */
  headers?: Record<string, string>;
  /** Raw body, e.g. malformed JSON; default a Telnyx-style error body fitting the status. */
  body?: string;
  /** Accept the request and never answer (until close). */
  hang?: boolean;
  /** Answer (normally or as the fault says) this much later. */
  delayMs?: number;
  /** Answer a usage report normally but bend the page: lying meta, empty page, page[number] ignored, rows without cost or currency. */
  page?: PageFault;
  /** Answer as a proxy that echoes the Authorization header (status default 502). */
  echoAuthorization?: EchoFault;
}

export interface RecordedRequest {
  method: string;
  path: string;
  rawQuery: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

export interface RunningSimulator {
  /** Base URL including /v2, e.g. http://127.0.0.1:40123/v2 */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The SMS accepted by `POST /v2/messages`, oldest first. */
  readonly messages: SentMessage[];
  /** Faults queue; the first matching one with times left is applied. */
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Stops listening and ends every open connection, hanging requests included. */
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const BASE_PATH = '/v2';

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const now = options.now ?? (() => new Date());
  const requests: RecordedRequest[] = [];
  const messages: SentMessage[] = [];
  const faults: Array<Fault & { remaining: number }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let closing: Promise<void> | undefined;

  let sample: { day: number; scenario: Scenario } | undefined;
  const scenarioAt = (instant: Date): Scenario => {
    if (options.scenario) return options.scenario;
    const day = utcDayStart(instant).getTime();
    if (sample?.day !== day) sample = { day, scenario: sampleDay(instant) };
    return sample.scenario;
  };

  const takeFault = (path: string, query: URLSearchParams): Fault | undefined => {
    const index = faults.findIndex(
      (fault) =>
        fault.remaining > 0 &&
        (fault.match?.path === undefined || fault.match.path === path || `${BASE_PATH}${fault.match.path}` === path) &&
        (fault.match?.product === undefined || fault.match.product === query.get('product')) &&
        (fault.match?.page === undefined || String(fault.match.page) === (query.get('page[number]') ?? '1')),
    );
    const fault = faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) faults.splice(index, 1);
    return fault;
  };

  const send = (response: ServerResponse, answer: Answer, delayMs: number) => {
    const write = () => {
      if (closed || response.destroyed) return;
      response.writeHead(answer.status, { 'content-length': Buffer.byteLength(answer.body), ...answer.headers });
      response.end(answer.body);
    };
    if (delayMs <= 0) {
      write();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      write();
    }, delayMs);
    timers.add(timer);
  };

  const handle = (request: IncomingMessage, response: ServerResponse, requestBody: string) => {
    const target = request.url ?? '/';
    const url = new URL(target, 'http://simulator.invalid');
    const queryStart = target.indexOf('?');
    const rawQuery = queryStart < 0 ? '' : target.slice(queryStart + 1);
    const method = request.method ?? 'GET';
    requests.push({ method, path: url.pathname, rawQuery, query: url.searchParams, headers: { ...request.headers } });

    const latency = options.latencyMs ?? 0;
    const fault = takeFault(url.pathname, url.searchParams);
    if (fault?.hang) return; // answered never; close() ends the connection
    const delay = latency + (fault?.delayMs ?? 0);
    if (fault?.echoAuthorization) {
      const status = fault.status ?? 502;
      const type = fault.echoAuthorization.json ? JSON_TYPE : 'text/html; charset=utf-8';
      send(
        response,
        { status, headers: { 'content-type': type, ...fault.headers }, body: echoBody(request.headers.authorization ?? '', fault.echoAuthorization) },
        delay,
      );
      return;
    }
    if (fault && (fault.status !== undefined || fault.body !== undefined)) {
      const status = fault.status ?? 200;
      send(response, { status, headers: { 'content-type': JSON_TYPE, ...fault.headers }, body: fault.body ?? errorBody([errorForStatus(status)]) }, delay);
      return;
    }
    const answer = answerNormally(method, url, request.headers.authorization, fault?.page, requestBody);
    send(response, { ...answer, headers: { ...answer.headers, ...fault?.headers } }, delay);
  };

  const answerNormally = (method: string, url: URL, authorization: string | undefined, pageFault?: PageFault, requestBody = ''): Answer => {
    try {
      authenticate(authorization, options.apiKey);
      const path = url.pathname.replace(/\/+$/, '');
      if (method === 'GET' && path === `${BASE_PATH}/usage_reports`) return usageReports(url.searchParams, pageFault);
      if (method === 'GET' && path === `${BASE_PATH}/usage_reports/options`) return productOptions(url.searchParams);
      if (method === 'POST' && path === `${BASE_PATH}/messages`)
        return { headers: { 'content-type': JSON_TYPE }, ...sendMessage(requestBody, messages, now()) };
      throw new SimulatorRequestError(404, [{ ...errorForStatus(404), detail: `The requested resource or URL could not be found: ${method} ${url.pathname}` }]);
    } catch (error) {
      if (error instanceof SimulatorRequestError) {
        return { status: error.status, headers: { 'content-type': JSON_TYPE }, body: errorBody(error.records) };
      }
      const detail = error instanceof Error ? error.message : String(error);
      return { status: 500, headers: { 'content-type': JSON_TYPE }, body: errorBody([{ ...errorForStatus(500), detail }]) };
    }
  };

  const usageReports = (params: URLSearchParams, pageFault?: PageFault): Answer => {
    const instant = now();
    const scenario = scenarioAt(instant);
    const parsed = parseUsageQuery(params, { products: scenario.products, now: instant, pageSizeCap: options.pageSizeCap });
    if (options.forbiddenProducts?.includes(parsed.product)) throw new SimulatorRequestError(403, [errorForStatus(403)]);
    const query = pageFault?.ignorePageNumber ? { ...parsed, pageNumber: 1 } : parsed;
    const rows = options.rowsFor?.(query) ?? aggregate(scenario, query);
    const page = pageOf(rows, query);
    if (query.format === 'csv') return { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' }, body: renderCsv(page, query) };
    const served = pageFault ? bendPage(page, pageFault) : page;
    return { status: 200, headers: { 'content-type': JSON_TYPE }, body: renderJson(served, scenario.costAsString ?? false) };
  };

  const productOptions = (params: URLSearchParams): Answer => {
    const { products } = scenarioAt(now());
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
  };

  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => handle(request, response, body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}${BASE_PATH}`,
    requests,
    messages,
    injectFault(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    close() {
      if (closing) return closing;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      closing = new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging and keep-alive connections would hold close() open forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function authenticate(authorization: string | undefined, apiKey: string | undefined): void {
  const match = /^Bearer\s+(\S.*)$/i.exec(authorization?.trim() ?? '');
  const token = match?.[1]?.trim();
  if (!token || (apiKey !== undefined && token !== apiKey)) {
    throw new SimulatorRequestError(401, [errorForStatus(401)]);
  }
}
