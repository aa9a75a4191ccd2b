/** Turns the measurements into the tables printed by `npm run bench` and into bench/RESULTS.md. */
import * as os from 'node:os';
import { type BalanceCycleResult, balanceSection, balanceTargets } from './balance-cycle';
import { type AccountsCycleResult, accountsCycleSection, accountsCycleTargets } from './accounts-cycle';
import type { ColdStartResult } from './cold-start';
import { type GraceTimeRow, graceTimeTable } from './grace-time';
import type { ScaleResult } from './scale';
import { type SignalCycleResult, signalCycleTable } from './signal-cycle';
import { type ThrottledCycleResult, throttledCycleTable } from './throttled-cycle';
import { median, quantile } from './statistics';
import type { CycleCell, CycleGrid, PeerComparison } from './usage-reads';
import { countOf, SDK_DEFAULT_PAGE_SIZE } from './usage-reads';
import { ROWS_PER_PAGE } from './usage-fixture';

export interface Machine {
  readonly os: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly node: string;
  readonly loadAverage: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    loadAverage: os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' '),
  };
}

export interface BenchResults {
  readonly startedAt: Date;
  readonly durationS: number;
  readonly machine: Machine;
  readonly commandLines: readonly string[];
  readonly latencyMs: number;
  readonly cycle: CycleGrid;
  readonly peer: PeerComparison;
  readonly coldStart: ColdStartResult;
  readonly scale: readonly ScaleResult[];
  /** Part 5: the cost of the forecast and spike (bench/signal-cycle.ts). */
  readonly signals?: SignalCycleResult;
  /** Part 6: the extra queries of ended periods in their grace time (bench/grace-time.ts). */
  readonly graceTime?: readonly GraceTimeRow[];
  /** Part 7: the check cycle under Telnyx's rate limit (bench/throttled-cycle.ts). */
  readonly throttled?: ThrottledCycleResult;
  /** Part 8: the cost of the balance threshold (bench/balance-cycle.ts). */
  readonly balance?: BalanceCycleResult;
  /** Part `accounts`: managed accounts at scale (bench/accounts-cycle.ts). */
  readonly accounts?: AccountsCycleResult;
}

interface Target {
  readonly name: string;
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
  /** Why it was missed and what it would take; only for misses. */
  readonly miss?: string;
}

function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) return 'n/a';
  return milliseconds < 120_000 ? `${(milliseconds / 1000).toFixed(1)} s` : `${(milliseconds / 60_000).toFixed(0)} min`;
}

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : 'n/a');
const ratio = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

function cycleRatio(cell: CycleCell): number {
  return median(cell.samplesMs) / (cell.boundRoundTrips * cell.latencyMs);
}

export function cycleTable(cells: readonly CycleCell[]): string {
  return table(
    [
      'products N',
      'pages P',
      'C',
      'server',
      'Telnyx requests (usage + options)',
      'minimum',
      'bound (round trips)',
      'bound ms',
      'measured ms (median)',
      'min-max ms',
      'runs',
      'ratio / bound',
      'ratio / issue formula',
      'same cycle at latency 0 ms',
    ],
    cells.map((cell) => {
      const bound = cell.boundRoundTrips * cell.latencyMs;
      const measured = median(cell.samplesMs);
      return [
        String(cell.products),
        String(cell.pages),
        String(cell.concurrency),
        cell.endpoint === 'front' ? 'cached' : 'simulator renders',
        `${cell.usageRequests} + ${cell.optionsRequests}`,
        `${cell.products * cell.pages} + 1`,
        String(cell.boundRoundTrips),
        String(bound),
        ms(measured),
        `${ms(Math.min(...cell.samplesMs))}-${ms(Math.max(...cell.samplesMs))}`,
        String(cell.samplesMs.length),
        ratio(measured / bound),
        ratio(measured / (cell.issueBoundRoundTrips * cell.latencyMs)),
        cell.zeroLatencyMs.length > 0 ? ms(median(cell.zeroLatencyMs)) : '-',
      ];
    }),
  );
}

export function peerTable(peer: PeerComparison): string {
  return table(
    ['products', 'rows per product', 'handler requests', 'handler ms (median of 3)', 'SDK requests (page size)', 'SDK ms', 'SDK / handler', 'sums agree'],
    peer.cells.map((cell) => [
      String(cell.products),
      cell.rowsPerProduct.toLocaleString('en-US'),
      String(cell.oursRequests),
      ms(median(cell.oursMs)),
      `${cell.peerRequests} (${Object.keys(cell.peerPageSizes)
        .map((size) => (size === '(none)' ? `no page[size]: API default ${SDK_DEFAULT_PAGE_SIZE}` : size))
        .join(', ')})`,
      ms(cell.peerMs),
      `${(cell.peerMs / median(cell.oursMs)).toFixed(1)}x`,
      cell.mismatches.length === 0 ? 'yes, to the nano-unit' : `NO: ${cell.mismatches.join('; ')}`,
    ]),
  );
}

/** ms per SDK request, from the peer cell with the most requests. */
function peerMsPerRequest(peer: PeerComparison): number {
  const largest = [...peer.cells].sort((a, b) => b.peerRequests - a.peerRequests)[0];
  return largest ? largest.peerMs / largest.peerRequests : Number.NaN;
}

export function peerExtrapolationTable(peer: PeerComparison, cycle: readonly CycleCell[]): string {
  const perRequest = peerMsPerRequest(peer);
  const cells = cycle.filter((cell) => cell.endpoint === 'front' && cell.concurrency === 2);
  return table(
    ['products N', 'pages P (of 5000 rows)', 'handler ms (measured, part 1)', 'SDK requests', 'SDK time (extrapolated)', 'SDK / handler (extrapolated)'],
    cells.map((cell) => {
      const requests = cell.products * cell.pages * (ROWS_PER_PAGE / SDK_DEFAULT_PAGE_SIZE);
      const peerMs = requests * perRequest;
      return [
        String(cell.products),
        String(cell.pages),
        ms(median(cell.samplesMs)),
        requests.toLocaleString('en-US'),
        formatDuration(peerMs),
        `${(peerMs / median(cell.samplesMs)).toFixed(0)}x`,
      ];
    }),
  );
}

export function coldStartTable(cold: ColdStartResult): string {
  return table(
    ['process', 'wall ms median', 'wall ms p90', 'in-process ms median', 'in-process ms p90'],
    cold.variants.map((variant) => [
      variant.commandLine,
      ms(median(variant.wallMs)),
      ms(quantile(variant.wallMs, 0.9)),
      variant.inProcessMs.length > 0 ? ms(median(variant.inProcessMs)) : '-',
      variant.inProcessMs.length > 0 ? ms(quantile(variant.inProcessMs, 0.9)) : '-',
    ]),
  );
}

export function bundleTable(cold: ColdStartResult): string {
  return table(
    ['bundle', 'size'],
    [
      ['index.js (minified, what Lambda loads)', `${(cold.bundleBytes / 1024).toFixed(1)} KB`],
      ['index.js.map (source map, loaded only with --enable-source-maps on an error)', `${(cold.mapBytes / 1024).toFixed(1)} KB`],
      ...cold.topInputs.map((input) => [`  of which ${input.input}`, `${(input.bytes / 1024).toFixed(1)} KB`]),
    ],
  );
}

export function scaleTable(scale: readonly ScaleResult[]): string {
  const rate = (rows: number, milliseconds: number) => Math.round(rows / (milliseconds / 1000)).toLocaleString('en-US');
  const part = (value: number | undefined) => (value === undefined ? '-' : ms(value));
  return table(
    [
      'path',
      'rows',
      'time ms',
      'rows / s',
      'of which JSON.parse ms',
      'row conversion ms',
      'SpendTally.add ms',
      'RSS at start MB',
      'peak RSS MB',
      'total exact',
    ],
    scale.map((sample) => [
      sample.mode === 'rows' ? 'JSON bodies in memory -> client rows -> tally' : 'HTTP -> TelnyxUsageClient.pages() -> tally',
      sample.rows.toLocaleString('en-US'),
      ms(sample.ms),
      rate(sample.rows, sample.ms),
      part(sample.jsonMs),
      part(sample.convertMs),
      sample.tallyMs === undefined ? '-' : `${ms(sample.tallyMs)} (${rate(sample.rows, sample.tallyMs)} rows/s)`,
      sample.startRssMb.toFixed(0),
      sample.peakRssMb.toFixed(0),
      sample.totalMatches ? 'yes' : 'NO',
    ]),
  );
}

export function evaluateTargets(results: BenchResults): Target[] {
  const targets: Target[] = [];

  const grid = results.cycle.cells.filter((cell) => cell.endpoint === 'front' && cell.concurrency === 2);
  const worst = [...grid].sort((a, b) => cycleRatio(b) - cycleRatio(a))[0];
  const others = results.cycle.cells.filter((cell) => cell.endpoint === 'front' && cell.concurrency !== 2);
  if (worst) {
    const met = cycleRatio(worst) <= 1.2;
    const overhead = median(worst.samplesMs) - worst.boundRoundTrips * worst.latencyMs;
    const extra = others.map((cell) => `C=${cell.concurrency} ${cell.products}x${cell.pages}: ${ratio(cycleRatio(cell))}x`).join(', ');
    targets.push({
      name: 'Check cycle vs lower bound (default concurrency 2)',
      goal: 'at most 1.2x',
      measured: `worst ${ratio(cycleRatio(worst))}x (${countOf(worst.products, 'product')} x ${countOf(worst.pages, 'page')}); best ${ratio(Math.min(...grid.map(cycleRatio)))}x${extra ? `; not judged: ${extra}` : ''}`,
      met,
      miss: met
        ? undefined
        : `The worst cell spends ${ms(overhead)} ms beyond its ${worst.boundRoundTrips} round trips; the same cycle with no latency takes ${ms(median(worst.zeroLatencyMs))} ms, the time the handler needs for itself. Part of it cannot overlap the waiting: the fixed work of a cycle (the thresholds before the first request; evaluation, alerts, ledger and publish after the last answer), and, on this 2-core machine, the few ms each round trip waits for a thread busy decoding the other answer of its round (JSON.parse of about 0.5 MB and an exact decimal per row, see part 4). It would take a cheaper per-row parse, or fewer rounds.`,
    });
  }

  const spanning = results.peer.cells.filter((cell) => cell.rowsPerProduct > SDK_DEFAULT_PAGE_SIZE);
  const slowest = [...spanning].sort((a, b) => a.peerMs / median(a.oursMs) - b.peerMs / median(b.oursMs))[0];
  if (slowest) {
    const speedup = slowest.peerMs / median(slowest.oursMs);
    targets.push({
      name: 'Faster than the SDK-style peer when answers span pages',
      goal: 'at least 10x',
      measured: `${speedup.toFixed(1)}x at least (${countOf(slowest.products, 'product')} x ${slowest.rowsPerProduct} rows), measured`,
      met: speedup >= 10,
      miss: speedup >= 10 ? undefined : 'The answers measured span too few SDK pages for the page-size difference to dominate.',
    });
  }

  const bundleKb = results.coldStart.bundleBytes / 1024;
  targets.push({
    name: 'Bundle size',
    goal: 'under 200 KB',
    measured: `${bundleKb.toFixed(1)} KB (map ${(results.coldStart.mapBytes / 1024).toFixed(0)} KB apart)`,
    met: bundleKb < 200,
    miss:
      bundleKb < 200
        ? undefined
        : `Largest parts: ${results.coldStart.topInputs
            .slice(0, 3)
            .map((input) => `${input.input} ${(input.bytes / 1024).toFixed(0)} KB`)
            .join(', ')}. It would take dropping or replacing the largest of them.`,
  });

  const [baseline, importVariant, , awsSdk] = results.coldStart.variants;
  if (importVariant && baseline) {
    const inProcess = median(importVariant.inProcessMs);
    const wallDifference = median(importVariant.wallMs) - median(baseline.wallMs);
    const sdkMs = awsSdk ? median(awsSdk.inProcessMs) : Number.NaN;
    const met = inProcess < 100 && wallDifference < 100;
    targets.push({
      name: 'Import time',
      goal: 'under 100 ms',
      measured: `require ${ms(inProcess)} ms in-process (median), of which the three AWS SDK clients alone take ${ms(sdkMs)} ms; process wall time ${ms(median(importVariant.wallMs))} ms vs ${ms(median(baseline.wallMs))} ms for node alone (+${ms(wallDifference)} ms)`,
      met,
      miss: met
        ? undefined
        : `The three AWS SDK v3 clients (external; in Lambda loaded from the runtime) take ${ms(sdkMs)} ms of the ${ms(inProcess)} ms; the bundle itself the rest. It would take loading the SNS and DynamoDB clients only when an alert is to be sent (most runs send none), or a faster machine: Lambda's arm64 cores at 512 MB+ are not this 2-core VM.`,
    });
  }

  const million = results.scale.filter((sample) => sample.rows >= 1_000_000);
  const inMemory = million.find((sample) => sample.mode === 'rows');
  for (const sample of million) {
    const met = sample.ms < 2000 && sample.peakRssMb < 256 && sample.totalMatches;
    const path = sample.mode === 'rows' ? 'JSON bodies in memory -> tally' : 'over HTTP through the client';
    const perPage = (milliseconds: number) => ((milliseconds / sample.rows) * ROWS_PER_PAGE).toFixed(1);
    let miss: string | undefined;
    if (!sample.totalMatches) miss = 'The total differs from the exact sum of the rows: a correctness bug, not a speed issue.';
    else if (sample.peakRssMb >= 256) miss = 'Peak memory above 256 MB: pages would have to be released sooner.';
    else if (sample.ms >= 2000 && sample.mode === 'http' && inMemory) {
      miss = `Per 5000-row page the client spends ${perPage(sample.ms)} ms over HTTP against ${perPage(inMemory.ms)} ms with the same JSON already in memory (JSON.parse ${perPage(inMemory.jsonMs ?? 0)} ms, exact cost per row ${perPage(inMemory.convertMs ?? 0)} ms, tally ${perPage(inMemory.tallyMs ?? 0)} ms): the rest, about ${perPage(sample.ms - inMemory.ms)} ms a page, is fetch receiving and decoding 0.5 MB of body on the same thread, one page of the product at a time. In Lambda this path is bound by round trips, not CPU (1,000,000 rows are 200 requests, at least ${((200 / 2) * results.latencyMs) / 1000} s at ${results.latencyMs} ms and concurrency 2, more when they belong to one product). Under 2 s locally would take overlapping the next page's transfer with this page's decoding (asking for page k+1 before decoding page k: tried, it cost more CPU than it saved in the other parts) and a cheaper exact decimal conversion.`;
    } else if (sample.ms >= 2000) {
      miss = `Per 5000-row page: JSON.parse ${perPage(sample.jsonMs ?? 0)} ms, exact cost per row ${perPage(sample.convertMs ?? 0)} ms, tally ${perPage(sample.tallyMs ?? 0)} ms. It would take a cheaper exact decimal conversion (integer arithmetic on the digits instead of a regular expression and BigInt per row).`;
    }
    targets.push({
      name: `1,000,000 rows (${path})`,
      goal: 'under 2 s in under 256 MB',
      measured: `${(sample.ms / 1000).toFixed(2)} s, peak RSS ${sample.peakRssMb.toFixed(0)} MB${sample.totalMatches ? '' : ', TOTAL WRONG'}`,
      met,
      miss: met ? undefined : miss,
    });
  }
  const allSignals = results.signals?.rows.at(-1);
  if (allSignals) {
    targets.push({
      name: 'Telnyx requests per product and run, every signal on',
      goal: '<= 3 (day and month reads included)',
      measured: `${allSignals.perProduct} (${allSignals.usageRequests} usage requests for ${results.signals?.products} products)`,
      met: allSignals.perProduct <= 3,
      miss: 'Each product should be read once for its day, once for its month and once for its hourly series.',
    });
  }
  const midday = results.graceTime?.[0];
  const afterMidnight = results.graceTime?.[1];
  if (midday && afterMidnight) {
    const extra = afterMidnight.usageRequests - midday.usageRequests;
    targets.push({
      name: 'Extra Telnyx requests while yesterday is in its grace time (5 products, daily limits)',
      goal: 'at most 1 per product and ended period',
      measured: `${extra} (${midday.usageRequests} at midday, ${afterMidnight.usageRequests} at 00:05)`,
      met: extra <= 5,
      miss: 'An ended day should cost one query per product with a daily limit, no more.',
    });
  }
  if (results.throttled) targets.push(throttledTarget(results.throttled));
  if (results.balance) targets.push(...balanceTargets(results.balance));
  if (results.accounts) targets.push(...accountsCycleTargets(results.accounts));
  return targets;
}

function throttledTarget(result: ThrottledCycleResult): Target {
  const measured = median(result.runsMs);
  return {
    name: `Check cycle under a rate limit of ${result.requestsPerSecond} requests a second (${result.products} products, 2 reads each)`,
    goal: 'every read complete within the 110 s budget; reported against what the rate limit allows',
    measured: `${(measured / 1000).toFixed(1)} s, ${ratio(measured / result.boundMs)}x the bound of ${(result.boundMs / 1000).toFixed(1)} s; ${result.throttled.join(', ')} answers of 429 per run`,
    met: measured < 110_000,
    miss: 'Reads that do not fit in the budget end as throttled: the check reports them as one alert.',
  };
}

export function targetsTable(targets: readonly Target[]): string {
  return table(
    ['target', 'goal', 'measured', 'result'],
    targets.map((target) => [target.name, target.goal, target.measured, target.met ? 'met' : 'MISSED']),
  );
}

export function renderResults(results: BenchResults): string {
  const { machine } = results;
  const targets = evaluateTargets(results);
  const misses = targets.filter((target) => !target.met);
  const cold = results.coldStart;
  const perRequest = peerMsPerRequest(results.peer);
  const largestGridPages = Math.max(...results.cycle.cells.map((cell) => cell.products * cell.pages));
  return `# Benchmark results

Written by \`npm run bench\` (bench/run.ts) from the run below; every figure is measured in that run unless marked extrapolated.

- Date: ${results.startedAt.toISOString()}
- Machine: ${machine.os}; CPU ${machine.cpu}, ${machine.cores} cores; memory ${machine.memory}; Node.js ${machine.node}
- Load average (1, 5, 15 min) at start ${machine.loadAverage}, at end ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')} (the end figure includes the bench itself; at start, anything above 0 is other work sharing the cores)
- Whole run: ${results.durationS.toFixed(0)} s

Command lines:

${results.commandLines.map((line) => `    ${line}`).join('\n')}

## Targets

${targetsTable(targets)}
${misses.length > 0 ? `\n${misses.map((target) => `- **${target.name} missed.** ${target.miss}`).join('\n')}\n` : ''}
## 1. Check cycle vs the lower bound

What runs: the real Lambda handler (\`createHandler\` from functions/cost-alert/handler.ts, built once like a warm container, invoked once per run) with its real adapters; SSM (API key, one daily threshold of 1 USD per product, so that every product breaches and every run claims, publishes and confirms one alert per product), DynamoDB (ledger) and SNS answered at once by aws-sdk-client-mock, so that AWS round trips (not part of the bound) add nothing. Telnyx is the simulator (functions/telnyx-simulator) in its own process with ${results.latencyMs} ms injected per request. Each product answers P x 5000 rows (distinct user_id, USD), so the client needs exactly one request per product-page at page[size]=5000 plus the options call. Every run is checked: N evaluations and N published alerts, each alert's spend equal to the exact sum of the rows served, and the simulator saw exactly N x P usage requests at page[size]=5000 plus one options call (a run that differs stops the bench).

Server: "cached" is a response cache in front of the simulator that answers after the latency; it is warmed by one unmeasured run per page count, so the server has a fixed round trip and no service time, as the bound assumes. "simulator renders" is the simulator answering directly (its own latencyMs), which renders each 5000-row page anew on its single thread before the latency starts (while warming, with 8 requests at once, a 5000-row answer took a median ${results.cycle.renderMs.toFixed(1)} ms to be ready, waiting behind other renders included): shown once to make that difference visible.

Lower bound, in round trips of ${results.latencyMs} ms: **1 + max(P, ceil(N x P / C))**: the options call precedes everything; a product's pages follow one another (each page's meta says whether there is another); and N x P requests pass C at a time. The issue's formula 1 + ceil(N / C) x P is never lower, and equal to it unless N is not a multiple of C (N = 5 here); both ratios are shown, the target is judged on the stricter first one. C is the client's default concurrency, 2; the C = 4 rows show that the bound follows it. The last column is the same cycle with the server answering at once: the time the handler needs for itself.

${cycleTable(results.cycle.cells)}

Reading it: the time beyond the bound is the part of the handler's own work that does not overlap waiting. A page is decoded while other products' requests are on their way (a request frees its slot as soon as its answer's headers are in), but not the same product's next request (asked once the page is decoded), so one product with many pages pays for each of its decodings; what remains is the fixed work before the first request and after the last answer (evaluation, alerts, ledger, publish), which weighs most in the smallest cells, and the few ms a round trip waits for the one thread when two answers arrive together.

## 2. Against the peer: the official SDK's auto-pagination

The peer is how a user of the official \`telnyx\` npm SDK (v7) reads the same usage: \`client.usageReports.list({ product, dimensions: ['currency'], metrics: ['cost'], start_date, end_date })\` iterated with \`for await\`, one product after another, costs summed (exactly, with parseNanos, to compare). The SDK sends no page[size], so the API's default of ${SDK_DEFAULT_PAGE_SIZE} rows per page applies. Same process, same simulator front, same ${results.latencyMs} ms. The handler's runs use the warmed cache; the SDK's requests are first-time requests for the front, which has the simulator render each 20-row page (median service time ${results.peer.cells.map((cell) => cell.peerServiceMs.toFixed(1)).join(' / ')} ms per request, against ${results.latencyMs} ms of latency).

Checks: the SDK talked to the simulator (baseURL: its requests were counted there: ${results.peer.sdkBaseUrlUsed ? 'yes' : 'NO'}); it sends arrays comma-joined in one parameter (dimensions ['currency', 'direction'] went out as \`dimensions=${results.peer.sdkDimensionsParameter}\`); its sums equal the handler's and the fixture's to the nano-unit (last column).

${peerTable(results.peer)}

Where every answer fits in one SDK page (20 rows) the only difference is concurrency: the handler asks for C = 2 products at once, the SDK user one after another. Once answers span pages, the SDK needs 250 requests for each one of the handler's.

The issue's grid (answers of 1, 3 and 10 pages of 5000 rows) would take the SDK ${ROWS_PER_PAGE / SDK_DEFAULT_PAGE_SIZE} requests per page of ours; run for real that is ${formatDuration((ROWS_PER_PAGE / SDK_DEFAULT_PAGE_SIZE) * perRequest)} to ${formatDuration(largestGridPages * (ROWS_PER_PAGE / SDK_DEFAULT_PAGE_SIZE) * perRequest)} per cell, beyond a 3-minute benchmark. **Extrapolated** (not run) from the measured ${perRequest.toFixed(1)} ms per SDK request, against the handler's measured times from part 1:

${peerExtrapolationTable(results.peer, results.cycle.cells)}

## 3. Cold start

Bundled with esbuild's JS API with the options lib/bundled-function.ts gives NodejsFunction (CDK passes them on as: --bundle --target=node24 --platform=node --format=cjs --minify --sourcemap --sources-content=false --external:@aws-sdk/*), into a temporary directory; build took ${ms(cold.buildMs)} ms.

${bundleTable(cold)}

Each process was started ${cold.runs} times, the kinds in turn. The last row loads only the three AWS SDK clients the handler requires, to show their share of the import. \`@aws-sdk/*\` is external as in the stack: in Lambda the runtime provides it; here it resolves from the project's node_modules through NODE_PATH, so its loading is included, as it is in Lambda. "In-process" is the time of the require (and createHandler) measured inside the process; wall time is spawn to exit. Lambda's own init (runtime start, fetching the code) is not included.

${coldStartTable(cold)}

## 4. Scale

A managed-accounts account with one row per user, in 5000-row pages; each size in a fresh node process running a bundled worker (bench/scale-worker.ts), so that peak RSS (getrusage maxRSS) is that measurement's alone. "JSON bodies in memory": each page's body is built as the API sends it (not timed), then JSON.parse, the client's per-row conversion (the exact cost through parseNanos, as usage-client.ts does for each row) and SpendTally.add, each timed. "HTTP": the real TelnyxUsageClient reading the pages from the simulator front (latency 0, cache warmed, one product so one page at a time) and SpendTally.add, all timed: the realistic path, with fetch and body decoding. Both totals are compared with the exact sum of the rows.

${scaleTable(results.scale)}
${results.signals ? signalSection(results.signals) : ''}${results.graceTime ? graceTimeSection(results.graceTime) : ''}${results.throttled ? throttledSection(results.throttled) : ''}${results.balance ? balanceSection(results.balance) : ''}${results.accounts ? accountsCycleSection(results.accounts) : ''}`;
}

function throttledSection(result: ThrottledCycleResult): string {
  return `
## 7. Check cycle under Telnyx's rate limit

What runs: the handler as in part 1, against the simulator in the bench's own process (${result.latencyMs} ms per answer) with its rate limit on: a bucket of ${result.burst} requests per API key, full at the start, refilled at ${result.requestsPerSecond} a second, \`429 Retry-After: 1\` beyond (bench/throttled-cycle.ts). ${result.products} products with a daily and a monthly limit each: ${result.requests - 1} usage requests and the options call, C = ${result.concurrency}, a usage budget of 110 s. Each run starts a fresh simulator and a fresh handler (a cold container). Every run is checked: every product evaluated for its day and month, ${result.requests} answers of 200.

Bound: the bucket lets ${result.burst} requests through at once and one more every 1/${result.requestsPerSecond} s, so the last of ${result.requests} requests cannot be answered before (${result.requests} - ${result.burst}) / ${result.requestsPerSecond} s, plus one round trip. The client shares one throttle state across its requests: a 429 pauses every request for its Retry-After and halves the concurrency, so a second of the run costs about one 429.

${throttledCycleTable(result)}

Reading it: each second of the run is one pause of the full Retry-After (1 s, whole seconds, while the bucket holds its next token after 0.25 s), then the requests the refilled bucket lets through at the halved concurrency, then one 429. The time beyond the bound is that rounding of Retry-After and the round trips of the 429s; honouring Retry-After is the contract, so the client does not send earlier.
`;
}

function graceTimeSection(rows: readonly GraceTimeRow[]): string {
  return `
## 6. Ended periods in their grace time: requests

What runs: the handler as in part 1, against the simulator (no latency; counts, not timings) with 5 products, each with a daily limit, at three instants in UTC with LATE_USAGE_HOURS=6 (bench/grace-time.ts). A day or month that ended less than 6 hours ago is evaluated too, at one more query per product and ended period.

${graceTimeTable(rows)}
`;
}

function signalSection(signals: SignalCycleResult): string {
  return `
## 5. Forecast and spike: requests and cycle

What runs: the handler as in part 1, against the simulator in the bench's own process (${signals.latencyMs} ms per request) on ${signals.products} products with usage at every hour since the 1st (bench/signal-cycle.ts). Once with daily and monthly limits only, once with every signal on (forecast and spike beside the same limits). The signals add one usage request per product and run, shared by the forecast and the spike: the hourly series of the last 8 local days. Lower bound: 1 + ceil(requests / C) round trips, C = ${signals.concurrency}, every answer one page.

${signalCycleTable(signals)}
`;
}
