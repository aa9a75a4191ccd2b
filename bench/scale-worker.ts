/**
 * One scale measurement in a fresh process (so that peak memory is this measurement's alone), bundled and
 * run with plain node as the Lambda runs its bundle. Prints one JSON line: ScaleSample.
 *
 *   node scale-worker.js rows <count>              rows built like the client yields them, a 5000-row page at a time
 *   node scale-worker.js http <count> <url> <start> <end>   the real client reading JSON pages over HTTP
 */
import { performance } from 'node:perf_hooks';
import { SpendTally } from '../functions/cost-alert/domain/evaluate';
import { parseNanos } from '../functions/cost-alert/domain/money';
import { TelnyxUsageClient } from '../functions/cost-alert/telnyx/usage-client';
import type { UsageRow } from '../functions/cost-alert/telnyx/types';
import { BENCH_API_KEY, costText, direction, productName, ROWS_PER_PAGE, rowCostNanos, userId } from './usage-fixture';

export interface ScaleSample {
  readonly mode: 'rows' | 'http';
  readonly rows: number;
  /** The measured part: parse + tally (rows), or the whole read (http). */
  readonly ms: number;
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

function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

/** Page `page` of the fixture as JSON.parse gives it: dimension strings and cost as a JSON number. */
function rawPage(page: number, size: number): Array<Record<string, unknown>> {
  const items: Array<Record<string, unknown>> = new Array(size);
  for (let j = 0; j < size; j++) {
    const i = page * ROWS_PER_PAGE + j;
    items[j] = { product: PRODUCT, user_id: userId(i), currency: 'USD', direction: direction(i), cost: Number(costText(rowCostNanos(0, i))) };
  }
  return items;
}

/** What the client does to each row of a page (usage-client.ts toRow): exact cost from the JSON number. */
function toRows(items: ReadonlyArray<Record<string, unknown>>): UsageRow[] {
  const rows: UsageRow[] = new Array(items.length);
  for (let j = 0; j < items.length; j++) {
    const values = items[j] as Record<string, unknown>;
    const cost = parseNanos(values['cost']);
    if (cost === undefined) throw new Error(`row ${j} has no cost`);
    rows[j] = { product: PRODUCT, values, cost };
  }
  return rows;
}

function measureRows(count: number): Omit<ScaleSample, 'startRssMb' | 'peakRssMb'> {
  const tally = new SpendTally();
  let ms = 0;
  let tallyMs = 0;
  for (let page = 0; page * ROWS_PER_PAGE < count; page++) {
    const items = rawPage(page, Math.min(ROWS_PER_PAGE, count - page * ROWS_PER_PAGE));
    const started = performance.now();
    const rows = toRows(items);
    const converted = performance.now();
    tally.add(rows);
    const done = performance.now();
    ms += done - started;
    tallyMs += done - converted;
  }
  return { mode: 'rows', rows: tally.counted, ms, tallyMs, totalNanos: tally.total('USD').toString() };
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
