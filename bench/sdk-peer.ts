/**
 * The peer: the same usage read the way a user of the official `telnyx` npm SDK (v7) would write it:
 * `client.usageReports.list(...)` auto-pagination at the SDK's default page size (it sends no page[size],
 * so the API's default of 20 rows applies), one product after another, costs summed from the rows.
 * Sums are exact (parseNanos) so that they can be compared with the handler's to the nano-unit.
 */
import { performance } from 'node:perf_hooks';
import Telnyx from 'telnyx';
import { parseNanos } from '../functions/cost-alert/domain/money';
import { formatApiDate, periodsAt, queryWindows } from '../functions/cost-alert/domain/periods';
import { BENCH_API_KEY } from './usage-fixture';

export class PeerError extends Error {
  override readonly name = 'PeerError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export interface PeerRun {
  readonly ms: number;
  /** product -> exact sum of the USD rows' cost. */
  readonly totals: Map<string, bigint>;
}

/** The window the handler asks for at `now` (today in UTC, up to now), as the SDK's start_date/end_date. */
export function todayWindow(now: number): { start_date: string; end_date: string } {
  const at = new Date(now);
  const [window] = queryWindows(periodsAt(at, 'UTC').daily, at);
  if (!window) throw new PeerError('no query window for today');
  return { start_date: formatApiDate(window.start), end_date: formatApiDate(window.end) };
}

export function sdkClient(baseURL: string): Telnyx {
  return new Telnyx({ apiKey: BENCH_API_KEY, baseURL });
}

/** Reads each product's usage in turn, as the SDK's README shows auto-pagination. */
export async function fetchLikeSdkUser(client: Telnyx, products: readonly string[], now: number): Promise<PeerRun> {
  const window = todayWindow(now);
  const totals = new Map<string, bigint>();
  const started = performance.now();
  for (const product of products) {
    let total = 0n;
    for await (const row of client.usageReports.list({ product, dimensions: ['currency'], metrics: ['cost'], ...window })) {
      if (row['currency'] !== 'USD') continue;
      const cost = parseNanos(row['cost']);
      if (cost === undefined) throw new PeerError(`${product}: a row's cost is not a number: ${JSON.stringify(row['cost'])}`);
      total += cost;
    }
    totals.set(product, total);
  }
  return { ms: performance.now() - started, totals };
}

/** One page asked with two dimensions, to see on the wire how the SDK sends arrays. */
export async function probeArrayEncoding(client: Telnyx, product: string, now: number): Promise<void> {
  await client.usageReports.list({ product, dimensions: ['currency', 'direction'], metrics: ['cost'], ...todayWindow(now), 'page[size]': 1 });
}
