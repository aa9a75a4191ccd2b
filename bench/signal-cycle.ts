/**
 * The cost of the early-warning signals: Telnyx requests per product and run with every signal on,
 * and the check cycle against its lower bound, with and without the signals. The real handler with the real
 * Telnyx client; AWS answered at once by aws-sdk-client-mock (bench/check-cycle.ts); Telnyx is the simulator
 * in this process, with `latencyMs` per request, on an account with usage at every hour since the 1st.
 *
 * Part 5 of `npm run bench`; alone: `npx tsx bench/signal-cycle.ts`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { performance } from 'node:perf_hooks';
import type { Config } from '../functions/cost-alert/config';
import { createHandler } from '../functions/cost-alert/handler';
import { PRODUCT_CATALOGUE, type Scenario, type UsageRecord } from '../functions/telnyx-simulator/scenario';
import { startSimulator } from '../functions/telnyx-simulator/server';
import { CycleVerificationError, FakeAws } from './check-cycle';
import { median } from './statistics';
import { BENCH_API_KEY, THRESHOLDS_PATH } from './usage-fixture';

const HOUR_MS = 3_600_000;
/** A weekday afternoon, so that a forecast goes out (the rest of the day is projected) and the month has days left. */
const NOW = Date.parse('2026-11-26T14:20:00Z');

export interface SignalCycleRow {
  readonly label: string;
  /** Usage requests the simulator saw per run, and per product and run. */
  readonly usageRequests: number;
  readonly perProduct: number;
  readonly optionsRequests: number;
  /** Lower bound in round trips: 1 (options) + ceil(requests / C); every answer is one page. */
  readonly boundRoundTrips: number;
  readonly runsMs: readonly number[];
  readonly zeroLatencyMs: readonly number[];
  /** Signals of the alerts one run published. */
  readonly published: readonly string[];
}

export interface SignalCycleResult {
  readonly products: number;
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly rows: readonly SignalCycleRow[];
}

/** N products of the catalogue's shape; each spends 0.50 USD at :10 and :40 of every hour since 1 November, 20.00 more at 13:10 today. */
export function signalScenario(products: number): { scenario: Scenario; names: string[] } {
  const shape = PRODUCT_CATALOGUE.find((definition) => definition.product === 'messaging');
  if (!shape) throw new Error('the catalogue has no messaging product');
  const names = Array.from({ length: products }, (_, index) => `bench-signal-${String(index).padStart(2, '0')}`);
  const records: Record<string, UsageRecord[]> = {};
  for (const name of names) {
    const list: UsageRecord[] = [];
    const usage = (at: number, cost: string): UsageRecord => ({
      timestamp: new Date(at),
      dimensions: { direction: 'outbound', currency: 'USD' },
      metrics: { cost, count: 1, parts: 1 },
    });
    for (let hour = Date.parse('2026-11-01T00:00:00Z'); hour < NOW; hour += HOUR_MS)
      list.push(usage(hour + 10 * 60_000, '0.50'), usage(hour + 40 * 60_000, '0.50'));
    list.push(usage(Date.parse('2026-11-26T13:10:00Z'), '20.00'));
    records[name] = list.filter((record) => record.timestamp.getTime() < NOW);
  }
  return { scenario: { products: names.map((product) => ({ ...shape, product })), records }, names };
}

export async function measureSignalCycle(options: {
  products: number;
  runs: number;
  latencyMs: number;
  concurrency?: number;
  progress?: (line: string) => void;
}): Promise<SignalCycleResult> {
  const concurrency = options.concurrency ?? 2;
  const { scenario, names } = signalScenario(options.products);
  const aws = new FakeAws();
  const rows: SignalCycleRow[] = [];
  try {
    const variants = [
      ['limits only (daily + monthly)', '{"daily": 1000, "monthly": 100000}'],
      ['every signal on (daily + monthly, forecast, spike)', '{"daily": 40, "monthly": 100000, "forecast": true, "spike": true}'],
    ] as const;
    for (const [label, value] of variants) {
      aws.watchValues(Object.fromEntries(names.map((name) => [name, value])));
      const timed = async (latencyMs: number, runs: number) => {
        const simulator = await startSimulator({ scenario, apiKey: BENCH_API_KEY, latencyMs, now: () => new Date(NOW) });
        try {
          const handler = handlerFor(simulator.url, concurrency);
          await handler({}, CONTEXT); // warm: the first run builds the client and the simulator's sample
          const samples: number[] = [];
          let usageRequests = 0;
          let optionsRequests = 0;
          let published: string[] = [];
          for (let run = 0; run < runs; run++) {
            simulator.requests.length = 0;
            aws.forgetCalls();
            const started = performance.now();
            const result = await handler({}, CONTEXT);
            samples.push(performance.now() - started);
            usageRequests = simulator.requests.filter((request) => request.path === '/v2/usage_reports').length;
            optionsRequests = simulator.requests.filter((request) => request.path === '/v2/usage_reports/options').length;
            if (result.queries !== usageRequests)
              throw new CycleVerificationError(`${label}: the check counted ${result.queries} queries, the simulator saw ${usageRequests}`);
            published = aws.publishedSignals();
          }
          return { samples, usageRequests, optionsRequests, published };
        } finally {
          await simulator.close();
        }
      };
      const measured = await timed(options.latencyMs, options.runs);
      const zero = await timed(0, options.runs);
      rows.push({
        label,
        usageRequests: measured.usageRequests,
        perProduct: measured.usageRequests / options.products,
        optionsRequests: measured.optionsRequests,
        boundRoundTrips: 1 + Math.ceil(measured.usageRequests / concurrency),
        runsMs: measured.samples,
        zeroLatencyMs: zero.samples,
        published: measured.published,
      });
      options.progress?.(`  ${label}: ${measured.usageRequests} usage requests, median ${median(measured.samples).toFixed(0)} ms`);
    }
  } finally {
    aws.restore();
  }
  return { products: options.products, concurrency, latencyMs: options.latencyMs, rows };
}

export const CONTEXT = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 300_000 };

/** The handler as a warm container has it, Telnyx at `baseUrl`; `clock` pins its time (default NOW). */
export function handlerFor(baseUrl: string, concurrency: number, clock: () => number = () => NOW) {
  const config: Config = {
    apiKeyParameter: '/telnyx-cost-alert/api-key',
    thresholdsPath: THRESHOLDS_PATH,
    topicArn: 'arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts',
    ledgerTable: 'telnyx-cost-alert-ledger',
    telnyxBaseUrl: baseUrl,
    timeZone: 'UTC',
    maxConcurrency: concurrency,
    lateUsageHours: 0,
  };
  return createHandler(config, {
    logger: new Logger({ serviceName: 'telnyx-cost-alert-bench', logLevel: 'SILENT' }),
    metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined },
    clock,
  });
}

/** The table of part 5. */
export function signalCycleTable(result: SignalCycleResult): string {
  const header = [
    'thresholds (each product)',
    'usage requests per product and run',
    'usage requests + options',
    'lower bound',
    'median ms',
    'ratio to bound',
    'same at latency 0 ms',
    'alerts published (signal)',
  ];
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rows = result.rows.map((row) => {
    const boundMs = row.boundRoundTrips * result.latencyMs;
    const counts = new Map<string, number>();
    for (const signal of row.published) counts.set(signal, (counts.get(signal) ?? 0) + 1);
    return [
      row.label,
      String(row.perProduct),
      `${row.usageRequests} + ${row.optionsRequests}`,
      `${row.boundRoundTrips} RT = ${boundMs} ms`,
      median(row.runsMs).toFixed(0),
      (median(row.runsMs) / boundMs).toFixed(2),
      `${median(row.zeroLatencyMs).toFixed(0)} ms`,
      [...counts].map(([signal, count]) => `${count} ${signal}`).join(', ') || 'none',
    ];
  });
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

if (require.main === module) {
  measureSignalCycle({ products: 5, runs: 7, latencyMs: 50, progress: (line) => process.stdout.write(`${line}\n`) })
    .then((result) => process.stdout.write(`\n${signalCycleTable(result)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
