/**
 * The cost of the balance threshold: Telnyx requests per run with and without it (limits only, and with every
 * signal on), and the check cycle against its lower bound with it. The real handler and Telnyx client against the
 * simulator in this process (`latencyMs` per request), AWS answered at once (bench/check-cycle.ts); the account of
 * the signals' part (bench/signal-cycle.ts), whose sample balance is below the threshold's minimum.
 *
 * Part 8 of `npm run bench` (`npm run bench -- --only balance`); alone: `npx tsx bench/balance-cycle.ts`.
 */
import { performance } from 'node:perf_hooks';
import type { Scenario } from '../functions/telnyx-simulator/scenario';
import { startSimulator } from '../functions/telnyx-simulator/server';
import { CycleVerificationError, FakeAws } from './check-cycle';
import { CONTEXT, handlerFor, signalScenario } from './signal-cycle';
import { median } from './statistics';
import { BENCH_API_KEY } from './usage-fixture';

const NOW = Date.parse('2026-11-26T14:20:00Z');
const BALANCE = '{"minimum": 100, "warnBelow": 250, "runwayHours": 24}';
const LIMITS = '{"daily": 1000, "monthly": 100000}';
const SIGNALS = '{"daily": 40, "monthly": 100000, "forecast": true, "spike": true}';

export interface BalanceCycleRow {
  readonly label: string;
  readonly usageRequests: number;
  readonly balanceRequests: number;
  readonly optionsRequests: number;
  /** Requests per run over the same thresholds without the balance. */
  readonly extraRequests: number;
  /** Round trips no client with this concurrency can avoid: the options call, then every other request through C slots. */
  readonly boundRoundTrips: number;
  readonly runsMs: readonly number[];
  /** The same runs with the simulator answering at once: the handler's own time. */
  readonly zeroLatencyMs: readonly number[];
}

export interface BalanceCycleResult {
  readonly products: number;
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly rows: readonly BalanceCycleRow[];
}

interface Variant {
  readonly label: string;
  readonly product: string;
  readonly balance: boolean;
  /** The variant with the same thresholds but the balance: what the balance adds is counted against it. */
  readonly without?: string;
}

const VARIANTS: readonly Variant[] = [
  { label: 'limits only', product: LIMITS, balance: false },
  { label: 'limits + balance (minimum, warnBelow, runwayHours 24)', product: LIMITS, balance: true, without: 'limits only' },
  { label: 'every signal on', product: SIGNALS, balance: false },
  { label: 'every signal on + balance', product: SIGNALS, balance: true, without: 'every signal on' },
];

export async function measureBalanceCycle(options: {
  products: number;
  runs: number;
  latencyMs: number;
  concurrency?: number;
  progress?: (line: string) => void;
}): Promise<BalanceCycleResult> {
  const concurrency = options.concurrency ?? 2;
  const { scenario, names } = signalScenario(options.products);
  const aws = new FakeAws();
  const rows: BalanceCycleRow[] = [];
  try {
    for (const variant of VARIANTS) {
      aws.watchValues({ ...Object.fromEntries(names.map((name) => [name, variant.product])), ...(variant.balance ? { balance: BALANCE } : {}) });
      const measured = await timedRuns(variant, { scenario, aws, concurrency, latencyMs: options.latencyMs, runs: options.runs });
      const zero = await timedRuns(variant, { scenario, aws, concurrency, latencyMs: 0, runs: options.runs });
      const { usage, balance, listing } = measured.requests;
      const without = rows.find((row) => row.label === variant.without);
      rows.push({
        label: variant.label,
        usageRequests: usage,
        balanceRequests: balance,
        optionsRequests: listing,
        extraRequests: without ? usage + balance + listing - (without.usageRequests + without.balanceRequests + without.optionsRequests) : 0,
        boundRoundTrips: 1 + Math.ceil((usage + balance) / concurrency),
        runsMs: measured.samples,
        zeroLatencyMs: zero.samples,
      });
      options.progress?.(`  ${variant.label}: ${usage} usage + ${balance} balance requests, median ${median(measured.samples).toFixed(0)} ms`);
    }
  } finally {
    aws.restore();
  }
  return { products: options.products, concurrency, latencyMs: options.latencyMs, rows };
}

interface RunSetup {
  readonly scenario: Scenario;
  readonly aws: FakeAws;
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly runs: number;
}

/** `runs` timed runs of a warmed handler on a fresh simulator; each run checked: the requests it made and the balance alert. */
async function timedRuns(variant: Variant, setup: RunSetup): Promise<{ samples: number[]; requests: { usage: number; balance: number; listing: number } }> {
  const simulator = await startSimulator({ scenario: setup.scenario, apiKey: BENCH_API_KEY, latencyMs: setup.latencyMs, now: () => new Date(NOW) });
  try {
    const handler = handlerFor(simulator.url, setup.concurrency);
    await handler({}, CONTEXT); // warm: the first run builds the client and the simulator's sample
    const samples: number[] = [];
    const count = (path: string) => simulator.requests.filter((request) => request.path === path).length;
    let requests = { usage: 0, balance: 0, listing: 0 };
    for (let run = 0; run < setup.runs; run++) {
      simulator.requests.length = 0;
      setup.aws.forgetCalls();
      const started = performance.now();
      const result = await handler({}, CONTEXT);
      samples.push(performance.now() - started);
      requests = { usage: count('/v2/usage_reports'), balance: count('/v2/balance'), listing: count('/v2/usage_reports/options') };
      verifyRun(variant, result.queries, requests.usage, requests.balance, setup.aws.publishedSignals());
    }
    return { samples, requests };
  } finally {
    await simulator.close();
  }
}

/** Stops the bench when a run did not read what it should: a timing of a run that skipped the balance means nothing. */
function verifyRun(variant: Variant, queries: number, usage: number, balance: number, published: readonly string[]): void {
  const fail = (what: string) => {
    throw new CycleVerificationError(`${variant.label}: ${what}`);
  };
  if (queries !== usage) fail(`the check counted ${queries} usage queries, the simulator saw ${usage}`);
  if (balance !== (variant.balance ? 1 : 0)) fail(`${balance} balance requests in one run`);
  if (variant.balance && !published.includes('balance')) fail('no balance alert was published (the sample balance is below the minimum)');
  if (!variant.balance && published.includes('balance')) fail('a balance alert without a balance threshold');
}

/** The table of part 8. */
export function balanceCycleTable(result: BalanceCycleResult): string {
  const header = [
    'thresholds (each product, and balance)',
    'usage + balance + options requests',
    'extra for the balance',
    'lower bound',
    'median ms',
    'ratio to bound',
    'same at latency 0 ms',
  ];
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rows = result.rows.map((row) => {
    const boundMs = row.boundRoundTrips * result.latencyMs;
    return [
      row.label,
      `${row.usageRequests} + ${row.balanceRequests} + ${row.optionsRequests}`,
      row.balanceRequests > 0 ? String(row.extraRequests) : '-',
      `${row.boundRoundTrips} RT = ${boundMs} ms`,
      median(row.runsMs).toFixed(0),
      (median(row.runsMs) / boundMs).toFixed(2),
      `${median(row.zeroLatencyMs).toFixed(0)} ms`,
    ];
  });
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The balance's targets in RESULTS.md: its extra requests, and its cycle against the lower bound. */
export function balanceTargets(result: BalanceCycleResult): { name: string; goal: string; measured: string; met: boolean; miss: string }[] {
  const withBalance = result.rows.filter((row) => row.balanceRequests > 0);
  const mostExtra = Math.max(...withBalance.map((row) => row.extraRequests));
  const ratios = withBalance.map((row) => median(row.runsMs) / (row.boundRoundTrips * result.latencyMs));
  const worst = Math.max(...ratios);
  const withoutRatios = result.rows.filter((row) => row.balanceRequests === 0).map((row) => median(row.runsMs) / (row.boundRoundTrips * result.latencyMs));
  return [
    {
      name: `Extra Telnyx requests per run for a balance threshold with runwayHours (${result.products} products with a cost)`,
      goal: `at most 1 per product with a cost, plus the balance (${result.products + 1})`,
      measured: withBalance.map((row) => `${row.extraRequests} (${row.label})`).join('; '),
      met: mostExtra <= result.products + 1,
      miss: 'The pace should read each product with a cost once (its hourly series, shared with the forecast and the spike), and the balance once.',
    },
    {
      name: 'Check cycle with a balance threshold',
      goal: 'within 1.2x its lower bound',
      measured: `${ratios.map((value) => `${value.toFixed(2)}x`).join(', ')} (the same thresholds without it: ${withoutRatios.map((value) => `${value.toFixed(2)}x`).join(', ')})`,
      met: worst <= 1.2,
      miss: 'When the cycle without the balance is as far from its bound, the time is the machine (the simulator runs in the same process); otherwise the balance and pace reads are waiting for something other than the concurrency slots.',
    },
  ];
}

/** Section 8 of RESULTS.md. */
export function balanceSection(result: BalanceCycleResult): string {
  return `
## 8. The balance threshold: requests and cycle

What runs: the handler as in part 5, on the same ${result.products} products (${result.latencyMs} ms per request), with and without a \`balance\` threshold of \`${BALANCE}\` beside each variant's limits (bench/balance-cycle.ts). The simulator's sample balance is below the minimum, so every run with the threshold publishes a balance alert (checked). The balance costs one \`GET /v2/balance\`; the runway's pace is the last 24 hours of every product with a cost, read from the hourly series the forecast and the spike read anyway, so it adds one request per product only when no signal reads it. Lower bound: 1 + ceil((usage + balance requests) / C) round trips, C = ${result.concurrency}.

${balanceCycleTable(result)}
`;
}

if (require.main === module) {
  measureBalanceCycle({ products: 5, runs: 7, latencyMs: 50, progress: (text) => process.stdout.write(`${text}\n`) })
    .then((result) => process.stdout.write(`\n${balanceCycleTable(result)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
