/**
 * A local imitation of Telnyx's usage reports API (`GET /v2/usage_reports` and `/v2/usage_reports/options`, and
 * `GET /v2/balance`)
 * on node:http, for tests, the local run and benchmarks. It aggregates scenario records the way the real
 * API does (./usage-api.ts), can rate-limit each API key as Telnyx does (./rate-limit.ts), and can be told to
 * misbehave (faults, ./faults.ts) to exercise a client's retries and error handling.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { echoBody } from './echo';
import type { SentMessage } from './messages';
import { type Fault, FaultQueue } from './faults';
import { hugePageStream } from './huge-page';
import { type RateLimit, RateLimiter } from './rate-limit';
import { errorBody, errorForStatus } from './telnyx-error';
import { type Answer, BASE_PATH, bearerToken, JSON_TYPE, UsageApi, type UsageApiOptions } from './usage-api';

export type { SimulatorQuery } from './usage-query';
export type { Scenario, ProductDefinition, UsageRecord } from './scenario';
export type { PageFault } from './page-faults';
export type { EchoFault, EchoForm } from './echo';
export type { Fault } from './faults';
export type { RateLimit } from './rate-limit';
export type { SentMessage } from './messages';
export type { SimulatedBalance } from './balance';

export interface SimulatorOptions extends UsageApiOptions {
  /** Added before every response. */
  latencyMs?: number;
  /** The simulator's clock: date_range literals, the sample day and the rate limit's refill follow it. */
  now?: () => Date;
  /** Telnyx's rate limit per API key: beyond it, 429 with Retry-After (see ./rate-limit.ts). Default none. */
  rateLimit?: RateLimit;
  host?: string;
  port?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  rawQuery: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Epoch ms on the simulator's clock when the request arrived. */
  receivedAt: number;
  /** The status answered, once the answer is written (undefined for a request still open or hanging). */
  status?: number;
  /** Bytes of body written, for a streamed answer (a huge page), once it ended or the client went away. */
  bytesSent?: number;
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

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const simulator = new Simulator(options);
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => simulator.handle(request, response, body));
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
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}${BASE_PATH}`,
    requests: simulator.requests,
    messages: simulator.api.messages,
    injectFault: (fault) => simulator.faults.inject(fault),
    clearFaults: () => simulator.faults.clear(),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        simulator.close();
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging and keep-alive connections would hold close() open forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Answers one request at a time: records it, applies the rate limit, then a fault or the normal answer. */
class Simulator {
  readonly requests: RecordedRequest[] = [];
  readonly faults = new FaultQueue();
  readonly api: UsageApi;
  private readonly limiter: RateLimiter | undefined;
  private readonly now: () => Date;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: SimulatorOptions) {
    this.now = options.now ?? (() => new Date());
    this.api = new UsageApi(options, this.now);
    this.limiter = options.rateLimit ? new RateLimiter(options.rateLimit, () => this.now().getTime()) : undefined;
  }

  handle(request: IncomingMessage, response: ServerResponse, requestBody = ''): void {
    const target = request.url ?? '/';
    const url = new URL(target, 'http://simulator.invalid');
    const queryStart = target.indexOf('?');
    const method = request.method ?? 'GET';
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      rawQuery: queryStart < 0 ? '' : target.slice(queryStart + 1),
      query: url.searchParams,
      headers: { ...request.headers },
      receivedAt: this.now().getTime(),
    };
    this.requests.push(record);
    const latency = this.options.latencyMs ?? 0;
    const limited = this.limiter?.take(bearerToken(request.headers.authorization) ?? '');
    if (limited && !limited.ok) {
      this.send(response, record, { status: 429, headers: { 'content-type': JSON_TYPE, ...limited.headers }, body: errorBody([errorForStatus(429)]) }, latency);
      return;
    }
    const fault = this.faults.take(url.pathname, url.searchParams);
    fault?.onArrival?.(record);
    const onAbandoned = fault?.onAbandoned;
    if (onAbandoned) response.once('close', () => !response.writableEnded && !this.closed && onAbandoned(record));
    if (fault?.hang) return; // answered never; close() ends the connection
    const delay = latency + (fault?.delayMs ?? 0);
    if (fault?.hugePage) {
      this.stream(response, record, url.searchParams.get('product') ?? 'messaging', fault.hugePage.rows, delay);
      return;
    }
    this.send(response, record, this.answerOf(method, url, request.headers.authorization, fault, requestBody), delay, fault?.holdBody);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private answerOf(method: string, url: URL, authorization: string | undefined, fault: Fault | undefined, requestBody: string): Answer {
    if (fault?.echoAuthorization) {
      const type = fault.echoAuthorization.json ? JSON_TYPE : 'text/html; charset=utf-8';
      return { status: fault.status ?? 502, headers: { 'content-type': type, ...fault.headers }, body: echoBody(authorization ?? '', fault.echoAuthorization) };
    }
    if (fault && (fault.status !== undefined || fault.body !== undefined)) {
      const status = fault.status ?? 200;
      return { status, headers: { 'content-type': JSON_TYPE, ...fault.headers }, body: fault.body ?? errorBody([errorForStatus(status)]) };
    }
    const answer = this.api.answer(method, url, authorization, fault?.page, requestBody);
    return { ...answer, headers: { ...answer.headers, ...fault?.headers } };
  }

  private later(delayMs: number, write: () => void): void {
    if (delayMs <= 0) {
      write();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      write();
    }, delayMs);
    this.timers.add(timer);
  }

  private send(response: ServerResponse, record: RecordedRequest, answer: Answer, delayMs: number, holdBody?: Promise<unknown>): void {
    this.later(delayMs, () => {
      if (this.closed || response.destroyed) return;
      record.status = answer.status;
      response.writeHead(answer.status, { 'content-length': Buffer.byteLength(answer.body), ...answer.headers });
      if (!holdBody) {
        response.end(answer.body);
        return;
      }
      const body = Buffer.from(answer.body);
      const half = Math.floor(body.length / 2);
      response.write(body.subarray(0, half));
      void holdBody.then(() => !response.destroyed && response.end(body.subarray(half)));
    });
  }

  /** A huge page, generated as the client reads it; generation stops when the client goes away. */
  private stream(response: ServerResponse, record: RecordedRequest, product: string, rows: number, delayMs: number): void {
    this.later(delayMs, () => {
      if (this.closed || response.destroyed) return;
      record.status = 200;
      record.bytesSent = 0;
      const body = hugePageStream(product, rows);
      body.on('data', (chunk: string | Buffer) => {
        record.bytesSent = (record.bytesSent ?? 0) + Buffer.byteLength(chunk);
      });
      response.once('close', () => body.destroy());
      response.writeHead(200, { 'content-type': JSON_TYPE });
      body.pipe(response);
    });
  }
}
