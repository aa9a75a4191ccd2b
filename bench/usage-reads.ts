/**
 * Parts 1 and 2: the handler's check cycle against the lower bound, and against the SDK-style peer.
 * Everything runs against the simulator process; the handler's AWS is faked in-process (check-cycle.ts).
 */
import type { FakeAws } from './check-cycle';
import { HandlerUnderTest } from './check-cycle';
import { fetchLikeSdkUser, probeArrayEncoding, sdkClient } from './sdk-peer';
import type { EndpointName, EndpointStats, SimulatorProcess } from './simulator-control';
import { median } from './statistics';
import { expectedTotalNanos, PRODUCT_COUNT, productNames, ROWS_PER_PAGE } from './usage-fixture';

/** The SDK sends no page[size]: the API's default applies. */
export const SDK_DEFAULT_PAGE_SIZE = 20;

export class UsageReadError extends Error {
  override readonly name = 'UsageReadError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export interface CycleCell {
  readonly products: number;
  readonly pages: number;
  readonly concurrency: number;
  readonly endpoint: EndpointName;
  readonly latencyMs: number;
  readonly samplesMs: readonly number[];
  /** The same cycle with the front answering at once: the client's own time (CPU, HTTP), nothing to wait for. */
  readonly zeroLatencyMs: readonly number[];
  /** Of the last run (every run is checked to ask the same). */
  readonly usageRequests: number;
  readonly optionsRequests: number;
  readonly pageSizes: Readonly<Record<string, number>>;
  /** Round trips one after another that no client with this concurrency can avoid (options call included). */
  readonly boundRoundTrips: number;
  /** The issue's formula: ceil(N / C) x P + 1. */
  readonly issueBoundRoundTrips: number;
}

/** One after another: pages of a product, and N x P requests through C slots; the options call before all. */
export function lowerBoundRoundTrips(products: number, pages: number, concurrency: number): number {
  return 1 + Math.max(pages, Math.ceil((products * pages) / concurrency));
}

export function issueBoundRoundTrips(products: number, pages: number, concurrency: number): number {
  return 1 + Math.ceil(products / concurrency) * pages;
}

export interface CycleGridOptions {
  readonly latencyMs: number;
  readonly products: readonly number[];
  readonly pages: readonly number[];
  readonly concurrency: number;
  /** Extra cells at a higher concurrency (products x pages), to show that the bound follows it. */
  readonly extra: { readonly concurrency: number; readonly products: number; readonly pages: readonly number[] };
  /** The simulator itself (rendering each answer) for one cell. */
  readonly direct: { readonly products: number; readonly pages: number };
  readonly now: number;
  readonly progress: (line: string) => void;
}

export interface CycleGrid {
  readonly cells: readonly CycleCell[];
  /** Median time for the simulator to have a 5000-row answer ready on the front's cache misses while warming (8 in flight: queueing included). */
  readonly renderMs: number;
}

export async function measureCycleGrid(simulator: SimulatorProcess, aws: FakeAws, options: CycleGridOptions): Promise<CycleGrid> {
  const cells: CycleCell[] = [];
  const renderMs: number[] = [];
  for (const pages of options.pages) {
    const rows = pages * ROWS_PER_PAGE;
    await simulator.configure(rows, options.latencyMs);
    // Fills the front's cache (the simulator renders each page once) and warms the JIT; not measured.
    await simulator.reset();
    await new HandlerUnderTest(aws, productNames(PRODUCT_COUNT), simulator.frontUrl, 8, options.now).run(rows);
    renderMs.push((await simulator.stats('front')).medianServiceMs);
    const shapes = [
      ...options.products.map((products) => ({ products, concurrency: options.concurrency })),
      ...(options.extra.pages.includes(pages) ? [{ products: options.extra.products, concurrency: options.extra.concurrency }] : []),
    ];
    for (const shape of shapes) {
      const cell = await measureCell(simulator, aws, { ...shape, pages, endpoint: 'front', latencyMs: options.latencyMs, now: options.now });
      cells.push(cell);
      options.progress(describeCell(cell));
    }
  }
  const { products, pages } = options.direct;
  await simulator.configure(pages * ROWS_PER_PAGE, options.latencyMs);
  const direct = await measureCell(simulator, aws, {
    products,
    pages,
    concurrency: options.concurrency,
    endpoint: 'direct',
    latencyMs: options.latencyMs,
    now: options.now,
    repetitions: 1,
  });
  cells.push(direct);
  options.progress(describeCell(direct));
  return { cells, renderMs: median(renderMs) };
}

interface CellSpec {
  readonly products: number;
  readonly pages: number;
  readonly concurrency: number;
  readonly endpoint: EndpointName;
  readonly latencyMs: number;
  readonly now: number;
  readonly repetitions?: number;
}

async function measureCell(simulator: SimulatorProcess, aws: FakeAws, spec: CellSpec): Promise<CycleCell> {
  const { products, pages, concurrency, endpoint, latencyMs } = spec;
  const rows = pages * ROWS_PER_PAGE;
  const baseUrl = endpoint === 'front' ? simulator.frontUrl : simulator.directUrl;
  const handler = new HandlerUnderTest(aws, productNames(products), baseUrl, concurrency, spec.now);
  const bound = lowerBoundRoundTrips(products, pages, concurrency);
  // Small cells are cheap and noisier: more repetitions; the big ones take seconds each.
  const repetitions = spec.repetitions ?? (bound * latencyMs <= 1000 ? 5 : 3);
  const samplesMs: number[] = [];
  let stats: EndpointStats | undefined;
  for (let run = 0; run < repetitions; run++) {
    await simulator.reset();
    samplesMs.push((await handler.run(rows)).ms);
    stats = await simulator.stats(endpoint);
    expectMinimumRequests(stats, products, pages, `${products} x ${pages} pages, concurrency ${concurrency}`);
  }
  const zeroLatencyMs: number[] = [];
  if (endpoint === 'front') {
    await simulator.configure(rows, 0);
    // Pure client work: steadier than the latency-bound runs, and seconds long for the big cells.
    const zeroRuns = products * pages >= 50 ? 1 : 3;
    for (let run = 0; run < zeroRuns; run++) zeroLatencyMs.push((await handler.run(rows)).ms);
    await simulator.configure(rows, latencyMs);
  }
  if (!stats) throw new UsageReadError('no run was made');
  return {
    products,
    pages,
    concurrency,
    endpoint,
    latencyMs,
    samplesMs,
    zeroLatencyMs,
    usageRequests: stats.usageRequests,
    optionsRequests: stats.optionsRequests,
    pageSizes: stats.pageSizes,
    boundRoundTrips: bound,
    issueBoundRoundTrips: issueBoundRoundTrips(products, pages, concurrency),
  };
}

/** One usage request per product-page at page[size]=5000, one options call, nothing else. */
function expectMinimumRequests(stats: EndpointStats, products: number, pages: number, what: string): void {
  const minimum = products * pages;
  if (stats.usageRequests !== minimum || stats.optionsRequests !== 1 || stats.otherRequests !== 0 || stats.pageSizes[String(ROWS_PER_PAGE)] !== minimum) {
    throw new UsageReadError(`${what}: expected ${minimum} usage requests at page[size]=${ROWS_PER_PAGE} and 1 options call, got ${JSON.stringify(stats)}`);
  }
}

function describeCell(cell: CycleCell): string {
  const measured = median(cell.samplesMs);
  const bound = cell.boundRoundTrips * cell.latencyMs;
  return `  ${cell.endpoint === 'front' ? 'cached' : 'simulator renders'}: ${countOf(cell.products, 'product')} x ${countOf(cell.pages, 'page')}, C=${cell.concurrency}: ${measured.toFixed(0)} ms, bound ${bound} ms, ratio ${(measured / bound).toFixed(2)}`;
}

export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export interface PeerCell {
  readonly products: number;
  readonly rowsPerProduct: number;
  readonly oursMs: readonly number[];
  readonly oursRequests: number;
  readonly peerMs: number;
  readonly peerRequests: number;
  readonly peerPageSizes: Readonly<Record<string, number>>;
  /** The front's median time to have a peer answer ready (a cache miss: the simulator renders 20 rows). */
  readonly peerServiceMs: number;
  /** Differences between the peer's sums, the handler's and the fixture's; empty when all agree to the nano-unit. */
  readonly mismatches: readonly string[];
}

export interface PeerComparison {
  readonly cells: readonly PeerCell[];
  /** The raw `dimensions=` value the SDK sent for ['currency', 'direction']. */
  readonly sdkDimensionsParameter: string;
  readonly sdkBaseUrlUsed: boolean;
}

export async function measurePeer(
  simulator: SimulatorProcess,
  aws: FakeAws,
  options: { latencyMs: number; cells: ReadonlyArray<{ products: number; rowsPerProduct: number }>; now: number; progress: (line: string) => void },
): Promise<PeerComparison> {
  const sdk = sdkClient(simulator.frontUrl);
  const cells: PeerCell[] = [];
  for (const spec of options.cells) {
    await simulator.configure(spec.rowsPerProduct, options.latencyMs);
    const products = productNames(spec.products);
    const handler = new HandlerUnderTest(aws, products, simulator.frontUrl, 2, options.now);
    await handler.run(spec.rowsPerProduct);
    const oursMs: number[] = [];
    let oursRequests = 0;
    for (let run = 0; run < 3; run++) {
      await simulator.reset();
      oursMs.push((await handler.run(spec.rowsPerProduct)).ms);
      const stats = await simulator.stats('front');
      oursRequests = stats.usageRequests + stats.optionsRequests;
    }

    await simulator.reset();
    const peer = await fetchLikeSdkUser(sdk, products, options.now);
    const stats = await simulator.stats('front');
    const expectedRequests = spec.products * Math.max(1, Math.ceil(spec.rowsPerProduct / SDK_DEFAULT_PAGE_SIZE));
    const mismatches: string[] = [];
    if (stats.usageRequests !== expectedRequests) mismatches.push(`the SDK made ${stats.usageRequests} requests, ${expectedRequests} expected`);
    for (const product of products) {
      // The handler's alert already carried exactly this sum (HandlerUnderTest.run checks it).
      const expected = expectedTotalNanos(product, spec.rowsPerProduct);
      const got = peer.totals.get(product);
      if (got !== expected) mismatches.push(`${product}: SDK sum ${String(got)} nano-USD, handler and rows ${expected}`);
    }
    const cell: PeerCell = {
      products: spec.products,
      rowsPerProduct: spec.rowsPerProduct,
      oursMs,
      oursRequests,
      peerMs: peer.ms,
      peerRequests: stats.usageRequests,
      peerPageSizes: stats.pageSizes,
      peerServiceMs: stats.medianServiceMs,
      mismatches,
    };
    cells.push(cell);
    options.progress(
      `  ${countOf(spec.products, 'product')} x ${spec.rowsPerProduct} rows: handler ${median(oursMs).toFixed(0)} ms, SDK ${peer.ms.toFixed(0)} ms (${stats.usageRequests} requests), x${(peer.ms / median(oursMs)).toFixed(1)}${mismatches.length ? `, MISMATCH: ${mismatches.join('; ')}` : ''}`,
    );
  }

  await simulator.reset();
  await probeArrayEncoding(sdk, productNames(1)[0] as string, options.now);
  const probe = await simulator.stats('front', true);
  const query = probe.queries.find((entry) => entry.includes('/usage_reports?')) ?? '';
  const dimensions = /(?:^|[?&])dimensions=([^&]*)/.exec(query)?.[1] ?? '(not sent)';
  return { cells, sdkDimensionsParameter: dimensions, sdkBaseUrlUsed: probe.usageRequests === 1 };
}
