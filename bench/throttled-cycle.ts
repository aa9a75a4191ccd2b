/**
 * The check cycle under Telnyx's rate limit: the real handler with the real client against the simulator in
 * this process, which lets `requestsPerSecond` requests a second through per API key (a bucket of as many
 * tokens, full at the start) and answers `429 Retry-After: 1` beyond, with `latencyMs` per answer. N products
 * with a daily and a monthly limit each: 2N usage requests and the options call. AWS is faked as in part 1.
 *
 * The bound is what the rate limit allows: the bucket lets `burst` requests through at once and one more every
 * 1 / rate seconds, so the last of R requests cannot be answered before (R - burst) / rate seconds plus one
 * round trip. R / rate (the rate alone) is shown too. Each run starts a fresh simulator (a full bucket) and a
 * fresh handler (a cold container: no throttle state learnt from an earlier run).
 *
 * Part 7 of `npm run bench`; alone: `npm run bench -- --only throttled`.
 */
import { performance } from 'node:perf_hooks';
import { PRODUCT_CATALOGUE, type Scenario, type UsageRecord } from '../functions/telnyx-simulator/scenario';
import { startSimulator } from '../functions/telnyx-simulator/server';
import { CycleVerificationError, FakeAws } from './check-cycle';
import { handlerFor } from './signal-cycle';
import { median } from './statistics';
import { BENCH_API_KEY } from './usage-fixture';

const NOW = Date.parse('2026-11-26T14:20:00Z');
/** The Lambda's usage budget in the scenario. */
const BUDGET_MS = 110_000;

export interface ThrottledCycleResult {
  readonly products: number;
  readonly requestsPerSecond: number;
  readonly burst: number;
  readonly latencyMs: number;
  readonly concurrency: number;
  /** Answered 200 per run (usage + options). */
  readonly requests: number;
  readonly runsMs: readonly number[];
  /** 429s per run. */
  readonly throttled: readonly number[];
  readonly boundMs: number;
  readonly rateOnlyMs: number;
}

function throttledScenario(products: number): { scenario: Scenario; names: string[] } {
  const shape = PRODUCT_CATALOGUE.find((definition) => definition.product === 'messaging');
  if (!shape) throw new Error('the catalogue has no messaging product');
  const names = Array.from({ length: products }, (_, index) => `bench-throttled-${String(index).padStart(2, '0')}`);
  const record: UsageRecord = {
    timestamp: new Date('2026-11-26T09:00:00Z'),
    dimensions: { currency: 'USD', direction: 'outbound' },
    metrics: { cost: '2.50' },
  };
  return { scenario: { products: names.map((product) => ({ ...shape, product })), records: Object.fromEntries(names.map((name) => [name, [record]])) }, names };
}

export async function measureThrottledCycle(options: {
  products: number;
  requestsPerSecond: number;
  runs: number;
  latencyMs: number;
  concurrency?: number;
  progress?: (line: string) => void;
}): Promise<ThrottledCycleResult> {
  const concurrency = options.concurrency ?? 2;
  const { scenario, names } = throttledScenario(options.products);
  const aws = new FakeAws();
  const runsMs: number[] = [];
  const throttled: number[] = [];
  const requests = 2 * options.products + 1;
  try {
    aws.watchValues(Object.fromEntries(names.map((name) => [name, '{"daily": 1000, "monthly": 100000}'])));
    for (let run = 0; run < options.runs; run++) {
      const simulator = await startSimulator({
        scenario,
        apiKey: BENCH_API_KEY,
        latencyMs: options.latencyMs,
        rateLimit: { requestsPerSecond: options.requestsPerSecond },
      });
      try {
        aws.forgetCalls();
        const handler = handlerFor(simulator.url, concurrency, () => NOW + (performance.now() - performanceAtStart));
        const started = performance.now();
        const result = await handler({}, { awsRequestId: 'bench', getRemainingTimeInMillis: () => BUDGET_MS });
        runsMs.push(performance.now() - started);
        const answered = simulator.requests.filter((request) => request.status === 200).length;
        if (result.evaluated !== 2 * options.products || answered !== requests) {
          throw new CycleVerificationError(
            `expected ${2 * options.products} evaluations and ${requests} answers, got ${JSON.stringify(result)} and ${answered}`,
          );
        }
        throttled.push(simulator.requests.filter((request) => request.status === 429).length);
        options.progress?.(`  run ${run + 1}: ${(runsMs.at(-1) ?? 0).toFixed(0)} ms, ${throttled.at(-1)} answers of 429`);
      } finally {
        await simulator.close();
      }
    }
  } finally {
    aws.restore();
  }
  const burst = Math.ceil(options.requestsPerSecond);
  return {
    products: options.products,
    requestsPerSecond: options.requestsPerSecond,
    burst,
    latencyMs: options.latencyMs,
    concurrency,
    requests,
    runsMs,
    throttled,
    boundMs: ((requests - burst) / options.requestsPerSecond) * 1000 + options.latencyMs,
    rateOnlyMs: (requests / options.requestsPerSecond) * 1000,
  };
}

/** The handler's clock runs in real time from NOW: waits for the rate limit must pass for real. */
const performanceAtStart = performance.now();

/** The table of part 7. */
export function throttledCycleTable(result: ThrottledCycleResult): string {
  const header = [
    'products (reads)',
    'rate limit',
    'C',
    'requests answered 200',
    'bound: (requests - burst) / rate + 1 RT',
    'requests / rate',
    'median ms',
    'min-max ms',
    'runs',
    'ratio to bound',
    '429s per run',
  ];
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const measured = median(result.runsMs);
  const row = [
    `${result.products} (daily + monthly: ${2 * result.products})`,
    `${result.requestsPerSecond}/s, burst ${result.burst}, Retry-After: 1`,
    String(result.concurrency),
    `${result.requests - 1} + 1`,
    `${result.boundMs.toFixed(0)} ms`,
    `${result.rateOnlyMs.toFixed(0)} ms`,
    measured.toFixed(0),
    `${Math.min(...result.runsMs).toFixed(0)}-${Math.max(...result.runsMs).toFixed(0)}`,
    String(result.runsMs.length),
    (measured / result.boundMs).toFixed(2),
    result.throttled.join(', '),
  ];
  return [line(header), line(header.map(() => '---')), line(row)].join('\n');
}
