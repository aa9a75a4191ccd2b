/**
 * `npm run bench`: measures, in one run, the check cycle against its lower bound, the official SDK's way of
 * reading the same usage, the cold start of the bundled handler and aggregation at scale; prints the tables
 * and, only with `--write` (`npm run bench -- --write`), rewrites bench/RESULTS.md. A script, not a test:
 * nothing here asserts a timing, but every run checks that it read what it should (request counts, exact
 * totals) and stops if not.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
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
import { measureCycleGrid, measurePeer } from './usage-reads';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const RESULTS_FILE = path.join(__dirname, 'RESULTS.md');
const LATENCY_MS = 50;
const COLD_START_RUNS = 15;

async function main(): Promise<void> {
  const startedAt = new Date();
  const started = performance.now();
  const machine = describeMachine();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  log(`Benchmark on ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Node.js ${machine.node}`);

  // Pinned: every run of a cell asks the same URLs, so the simulator front can answer from its cache.
  const now = Date.now();
  const simulator = await SimulatorProcess.start(LATENCY_MS, PROJECT_ROOT);
  const aws = new FakeAws();
  try {
    log(`\n1. Check cycle vs the lower bound (${LATENCY_MS} ms per request)`);
    const cycle = await measureCycleGrid(simulator, aws, {
      latencyMs: LATENCY_MS,
      products: [1, 5, 20],
      pages: [1, 3, 10],
      concurrency: 2,
      extra: { concurrency: 4, products: 20, pages: [3, 10] },
      direct: { products: 5, pages: 10 },
      now,
      progress: log,
    });

    log(`  (${elapsed()})`);
    log(`\n2. Against the official SDK's auto-pagination (${LATENCY_MS} ms per request)`);
    const peer = await measurePeer(simulator, aws, {
      latencyMs: LATENCY_MS,
      cells: [
        { products: 5, rowsPerProduct: 20 },
        { products: 5, rowsPerProduct: 1000 },
        { products: 1, rowsPerProduct: 5000 },
      ],
      now,
      progress: log,
    });

    log(`  (${elapsed()})`);
    log('\n3. Cold start');
    const coldStart = await measureColdStart(PROJECT_ROOT, COLD_START_RUNS);

    log(`  (${elapsed()})`);
    log('\n4. Scale');
    const scale = await measureScale(simulator, [100_000, 1_000_000], now);

    log(`  (${elapsed()})`);
    log(`\n5. Forecast and spike: requests and cycle (${LATENCY_MS} ms per request)`);
    const signals = await measureSignalCycle({ products: 5, runs: 7, latencyMs: LATENCY_MS, progress: log });

    log(`  (${elapsed()})`);
    log('\n6. Ended periods in their grace time: requests');
    const graceTime = await measureGraceTime(simulator);

    const results: BenchResults = {
      startedAt,
      durationS: (performance.now() - started) / 1000,
      machine,
      commandLines: [
        'npm ci && npm run bench          # runs: tsx bench/run.ts',
        simulator.commandLine + '   # the simulator process (parts 1, 2, 4)',
        ...coldStart.variants.map((variant) => `${variant.commandLine}   # x${coldStart.runs}`),
        ...scale.map((sample) => sample.commandLine),
      ],
      latencyMs: LATENCY_MS,
      cycle,
      peer,
      coldStart,
      scale,
      signals,
      graceTime,
    };
    // The committed results change only when asked: a plain run must not dirty the work tree.
    const write = process.argv.slice(2).includes('--write');
    if (write) writeFileSync(RESULTS_FILE, renderResults(results));

    log(`\n1. Check cycle vs the lower bound\n\n${cycleTable(cycle.cells)}`);
    log(
      `\n2. Against the SDK-style peer (measured)\n\n${peerTable(peer)}\n\nExtrapolated to the issue's grid:\n\n${peerExtrapolationTable(peer, cycle.cells)}`,
    );
    log(`\n3. Cold start\n\n${bundleTable(coldStart)}\n\n${coldStartTable(coldStart)}`);
    log(`\n4. Scale\n\n${scaleTable(scale)}`);
    log(`\n5. Forecast and spike\n\n${signalCycleTable(signals)}`);
    log(`\n6. Ended periods in their grace time\n\n${graceTimeTable(graceTime)}`);
    log(`\nTargets\n\n${targetsTable(evaluateTargets(results))}`);
    log(
      write
        ? `\nWrote ${path.relative(process.cwd(), RESULTS_FILE)} (${results.durationS.toFixed(0)} s)`
        : `\nDone in ${results.durationS.toFixed(0)} s; ${path.relative(process.cwd(), RESULTS_FILE)} left as it is (add -- --write to update it)`,
    );
  } finally {
    aws.restore();
    await simulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
