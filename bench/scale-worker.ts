/**
 * One scale measurement in a fresh process (so that peak memory is this measurement's alone), bundled and
 * run with plain node as the Lambda runs its bundle. Prints one JSON line: ScaleSample.
 *
 *   node scale-worker.js rows <count>              JSON page bodies in memory, parsed and converted as the client does, a page at a time
 *   node scale-worker.js http <count> <url> <start> <end>   the real client reading JSON pages over HTTP
 */
import { performance } from 'node:perf_hooks';
import { SpendTally } from '../functions/cost-alert/domain/spend-tally';
import { TelnyxUsageClient, toUsageRows } from '../functions/cost-alert/telnyx/usage-client';
import type { UsageQuery } from '../functions/cost-alert/domain/usage';
import { BENCH_API_KEY, costText, direction, productName, ROWS_PER_PAGE, rowCostNanos, userId } from './usage-fixture';

export interface ScaleSample {
  readonly mode: 'rows' | 'http';
  readonly rows: number;
  /** The measured part: JSON.parse + row conversion + tally (rows mode), or the whole read (http mode). */
  readonly ms: number;
  /** rows mode: JSON.parse of the page bodies. */
  readonly jsonMs?: number;
  /** rows mode: what the client does per row (exact cost via parseNanos). */
  readonly convertMs?: number;
  /** rows mode: SpendTally.add alone. */
  readonly tallyMs?: number;
  /** Exact USD total, as text (JSON has no bigint). */
  readonly totalNanos: string;
  /** RSS after start-up, before any row (MB). */
  readonly startRssMb: number;
  /** Peak RSS of the process (MB), from getrusage. */
  readonly peakRssMb: number;
}

const PRODUCT = productName(0);
const QUERY: UsageQuery = { product: PRODUCT, dimensions: ['currency'], metrics: ['cost'], dateRange: 'today' };

function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

/** Page `page` of the fixture as the API's body: rows with dimension strings and cost as a JSON number. */
function pageBody(page: number, size: number, totalPages: number): string {
  const items: Array<Record<string, unknown>> = new Array(size);
  for (let j = 0; j < size; j++) {
    const i = page * ROWS_PER_PAGE + j;
    items[j] = { product: PRODUCT, user_id: userId(i), currency: 'USD', direction: direction(i), cost: Number(costText(rowCostNanos(0, i))) };
  }
  return JSON.stringify({ data: items, meta: { page_number: page + 1, page_size: ROWS_PER_PAGE, total_pages: totalPages, total_results: size } });
}

function measureRows(count: number): Omit<ScaleSample, 'startRssMb' | 'peakRssMb'> {
  const tally = new SpendTally();
  const totalPages = Math.ceil(count / ROWS_PER_PAGE);
  let jsonMs = 0;
  let convertMs = 0;
  let tallyMs = 0;
  for (let page = 0; page < totalPages; page++) {
    // Building the body is the server's work: not timed.
    const body = pageBody(page, Math.min(ROWS_PER_PAGE, count - page * ROWS_PER_PAGE), totalPages);
    const started = performance.now();
    const parsed = JSON.parse(body) as { data: Array<Record<string, unknown>> };
    const decoded = performance.now();
    // The client's own row conversion (exact cost per row), as pages() applies it.
    const rows = toUsageRows(parsed.data, QUERY, page + 1);
    const converted = performance.now();
    tally.add(rows);
    const done = performance.now();
    jsonMs += decoded - started;
    convertMs += converted - decoded;
    tallyMs += done - converted;
  }
  return { mode: 'rows', rows: tally.counted, ms: jsonMs + convertMs + tallyMs, jsonMs, convertMs, tallyMs, totalNanos: tally.total('USD').toString() };
}

async function measureHttp(count: number, baseUrl: string, start: string, end: string): Promise<Omit<ScaleSample, 'startRssMb' | 'peakRssMb'>> {
  const client = new TelnyxUsageClient({ apiKey: BENCH_API_KEY, baseUrl });
  const tally = new SpendTally();
  const started = performance.now();
  const query = { product: PRODUCT, dimensions: ['currency'], metrics: ['cost'], window: { start: new Date(start), end: new Date(end) } };
  for await (const rows of client.pages(query)) tally.add(rows);
  const ms = performance.now() - started;
  if (tally.counted !== count) throw new Error(`read ${tally.counted} rows, expected ${count}`);
  return { mode: 'http', rows: tally.counted, ms, totalNanos: tally.total('USD').toString() };
}

async function main(): Promise<void> {
  const [mode, countText, url, start, end] = process.argv.slice(2);
  const count = Number(countText);
  const startRssMb = rssMb();
  const measured = mode === 'http' && url && start && end ? await measureHttp(count, url, start, end) : measureRows(count);
  const sample: ScaleSample = { ...measured, startRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
