/**
 * `npm run bench`: measures, in one run, the check cycle against its lower bound, the official SDK's way of
 * reading the same usage, the cold start of the bundled handler, aggregation at scale, the signals' requests,
 * the grace time's requests and the check cycle under Telnyx's rate limit; prints the tables and, only with
 * `--write` (`npm run bench -- --write`), rewrites bench/RESULTS.md. A script, not a test: nothing here asserts
 * a timing, but every run checks that it read what it should (request counts, exact totals) and stops if not.
 *
 * `npm run bench -- --only cycle,throttled` runs only the parts named (cycle, peer, cold-start, scale, signals,
 * grace-time, throttled, balance, accounts) and prints their tables; it never writes RESULTS.md, which needs the whole run.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { balanceCycleTable, measureBalanceCycle } from './balance-cycle';
import { accountsCycleTable, measureAccountsCycle } from './accounts-cycle';
import { FakeAws } from './check-cycle';
import { measureColdStart } from './cold-start';
import { graceTimeTable, measureGraceTime } from './grace-time';
import {
  type BenchResults,
  bundleTable,
  coldStartTable,
  cycleTable,
  describeMachine,
  evaluateTargets,
  peerExtrapolationTable,
  peerTable,
  renderResults,
  scaleTable,
  targetsTable,
} from './results-report';
import { measureScale } from './scale';
import { measureSignalCycle, signalCycleTable } from './signal-cycle';
import { SimulatorProcess } from './simulator-control';
import { measureThrottledCycle, throttledCycleTable } from './throttled-cycle';
import { measureCycleGrid, measurePeer } from './usage-reads';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const RESULTS_FILE = path.join(__dirname, 'RESULTS.md');
const LATENCY_MS = 50;
const COLD_START_RUNS = 15;

type Results = { -readonly [K in keyof BenchResults]?: BenchResults[K] };

interface Context {
  readonly simulator: SimulatorProcess;
  readonly aws: FakeAws;
  /** Pinned: every run of a cell asks the same URLs, so the simulator front can answer from its cache. */
  readonly now: number;
  readonly log: (line: string) => void;
  readonly results: Results;
}

interface Part {
  readonly name: string;
  readonly title: string;
  measure(context: Context): Promise<void>;
  table(results: Results): string;
}

const PARTS: readonly Part[] = [
  {
    name: 'cycle',
    title: `Check cycle vs the lower bound (${LATENCY_MS} ms per request)`,
    async measure({ simulator, aws, now, log, results }) {
      results.cycle = await measureCycleGrid(simulator, aws, {
        latencyMs: LATENCY_MS,
        products: [1, 5, 20],
        pages: [1, 3, 10],
        concurrency: 2,
        extra: { concurrency: 4, products: 20, pages: [3, 10] },
        direct: { products: 5, pages: 10 },
        now,
        progress: log,
      });
    },
    table: (results) => cycleTable(results.cycle?.cells ?? []),
  },
  {
    name: 'peer',
    title: `Against the official SDK's auto-pagination (${LATENCY_MS} ms per request)`,
    async measure({ simulator, aws, now, log, results }) {
      const cells = [
        { products: 5, rowsPerProduct: 20 },
        { products: 5, rowsPerProduct: 1000 },
        { products: 1, rowsPerProduct: 5000 },
      ];
      results.peer = await measurePeer(simulator, aws, { latencyMs: LATENCY_MS, cells, now, progress: log });
    },
    table: ({ peer, cycle }) =>
      peer ? `${peerTable(peer)}${cycle ? `\n\nExtrapolated to the issue's grid:\n\n${peerExtrapolationTable(peer, cycle.cells)}` : ''}` : '',
  },
  {
    name: 'cold-start',
    title: 'Cold start',
    async measure({ results }) {
      results.coldStart = await measureColdStart(PROJECT_ROOT, COLD_START_RUNS);
    },
    table: ({ coldStart }) => (coldStart ? `${bundleTable(coldStart)}\n\n${coldStartTable(coldStart)}` : ''),
  },
  {
    name: 'scale',
    title: 'Scale',
    async measure({ simulator, now, results }) {
      results.scale = await measureScale(simulator, [100_000, 1_000_000], now);
    },
    table: ({ scale }) => scaleTable(scale ?? []),
  },
  {
    name: 'signals',
    title: `Forecast and spike: requests and cycle (${LATENCY_MS} ms per request)`,
    async measure({ log, results }) {
      results.signals = await measureSignalCycle({ products: 5, runs: 7, latencyMs: LATENCY_MS, progress: log });
    },
    table: ({ signals }) => (signals ? signalCycleTable(signals) : ''),
  },
  {
    name: 'grace-time',
    title: 'Ended periods in their grace time: requests',
    async measure({ simulator, results }) {
      results.graceTime = await measureGraceTime(simulator);
    },
    table: ({ graceTime }) => (graceTime ? graceTimeTable(graceTime) : ''),
  },
  {
    name: 'throttled',
    title: `Check cycle under Telnyx's rate limit (4 requests a second, ${LATENCY_MS} ms per request)`,
    async measure({ log, results }) {
      results.throttled = await measureThrottledCycle({ products: 20, requestsPerSecond: 4, runs: 3, latencyMs: LATENCY_MS, progress: log });
    },
    table: ({ throttled }) => (throttled ? throttledCycleTable(throttled) : ''),
  },
  {
    name: 'balance',
    title: `The balance threshold: requests and cycle (${LATENCY_MS} ms per request)`,
    async measure({ log, results }) {
      results.balance = await measureBalanceCycle({ products: 5, runs: 7, latencyMs: LATENCY_MS, progress: log });
    },
    table: ({ balance }) => (balance ? balanceCycleTable(balance) : ''),
  },
  {
    name: 'accounts',
    title: `Managed accounts at scale: 3 products, 1,000 and 10,000 accounts (${LATENCY_MS} ms per request)`,
    async measure({ log, results }) {
      results.accounts = await measureAccountsCycle({ accounts: [1_000, 10_000], latencyMs: LATENCY_MS, steadyRuns: 5, stormRuns: 3, progress: log });
    },
    table: ({ accounts }) => (accounts ? accountsCycleTable(accounts) : ''),
  },
];

function selectedParts(): { parts: readonly Part[]; write: boolean } {
  const { values } = parseArgs({ options: { write: { type: 'boolean' }, only: { type: 'string' } } });
  if (values.only === undefined) return { parts: PARTS, write: values.write ?? false };
  const names = values.only.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !PARTS.some((part) => part.name === name));
  if (unknown.length > 0) throw new Error(`--only: unknown part(s) ${unknown.join(', ')}; the parts are ${PARTS.map((part) => part.name).join(', ')}`);
  if (values.write) throw new Error('--write needs the whole bench: RESULTS.md is one run of every part; drop --only');
  return { parts: PARTS.filter((part) => names.includes(part.name)), write: false };
}

async function main(): Promise<void> {
  const { parts, write } = selectedParts();
  const startedAt = new Date();
  const started = performance.now();
  const machine = describeMachine();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  log(`Benchmark on ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Node.js ${machine.node}`);

  const simulator = await SimulatorProcess.start(LATENCY_MS, PROJECT_ROOT);
  const aws = new FakeAws();
  const results: Results = { startedAt, machine, latencyMs: LATENCY_MS };
  try {
    const context: Context = { simulator, aws, now: Date.now(), log, results };
    for (const part of parts) {
      log(`\n${PARTS.indexOf(part) + 1}. ${part.title}`);
      await part.measure(context);
      log(`  (${elapsed()})`);
    }
    for (const part of parts) log(`\n${PARTS.indexOf(part) + 1}. ${part.title}\n\n${part.table(results)}`);
    const durationS = (performance.now() - started) / 1000;
    if (parts.length === PARTS.length) {
      const complete = { ...results, durationS, commandLines: commandLines(simulator, results) } as BenchResults;
      log(`\nTargets\n\n${targetsTable(evaluateTargets(complete))}`);
      // The committed results change only when asked: a plain run must not dirty the work tree.
      if (write) writeFileSync(RESULTS_FILE, renderResults(complete));
    }
    log(
      write
        ? `\nWrote ${path.relative(process.cwd(), RESULTS_FILE)} (${durationS.toFixed(0)} s)`
        : `\nDone in ${durationS.toFixed(0)} s; ${path.relative(process.cwd(), RESULTS_FILE)} left as it is (add -- --write to a whole run to update it)`,
    );
  } finally {
    aws.restore();
    await simulator.close();
  }
}

function commandLines(simulator: SimulatorProcess, results: Results): string[] {
  return [
    'npm ci && npm run bench          # runs: tsx bench/run.ts',
    simulator.commandLine + '   # the simulator process (parts 1, 2, 4, 6)',
    ...(results.coldStart?.variants ?? []).map((variant) => `${variant.commandLine}   # x${results.coldStart?.runs}`),
    ...(results.scale ?? []).map((sample) => sample.commandLine),
  ];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
