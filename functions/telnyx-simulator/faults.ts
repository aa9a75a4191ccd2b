/** Misbehaviour the simulator can be told to show, request by request, and the queue that hands it out. */
import type { EchoFault } from './echo';
import type { PageFault } from './page-faults';
import type { RecordedRequest } from './server';

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
  /** Told when a request the fault applies to has arrived: a test's cue, e.g. to end a hanging attempt's wait. */
  onArrival?: (request: RecordedRequest) => void;
  /** Told when the client gives a request the fault applies to up (closes its connection) before it is answered. */
  onAbandoned?: (request: RecordedRequest) => void;
  /** Send the answer's headers and the first half of its body, and the rest only once this settles (a body still arriving). */
  holdBody?: Promise<unknown>;
  /** Answer (normally or as the fault says) this much later. */
  delayMs?: number;
  /**
   * Answer a usage report normally but bend the page: lying meta, empty page, page[number] or page[size]
   * ignored, an earlier page served again, rows without cost or currency.
   */
  page?: PageFault;
  /** Answer as a proxy that echoes the Authorization header, in one of several encodings (status default 502). */
  echoAuthorization?: EchoFault;
  /**
   * Answer 200 with one usage page of this many generated rows, streamed as it is written (never built in
   * memory), so that a page of a million rows costs the simulator nothing until it is read.
   */
  hugePage?: { readonly rows: number };
}

const BASE_PATH = '/v2';

export class FaultQueue {
  private readonly faults: Array<Fault & { remaining: number }> = [];

  inject(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** The first fault matching the request with times left, counted as used. */
  take(path: string, query: URLSearchParams): Fault | undefined {
    const index = this.faults.findIndex(
      (fault) =>
        fault.remaining > 0 &&
        (fault.match?.path === undefined || fault.match.path === path || `${BASE_PATH}${fault.match.path}` === path) &&
        (fault.match?.product === undefined || fault.match.product === query.get('product')) &&
        (fault.match?.page === undefined || String(fault.match.page) === (query.get('page[number]') ?? '1')),
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults.splice(index, 1);
    return fault;
  }
}
