/**
 * Scale: usage rows of a large managed-accounts account summed by SpendTally, each size in a fresh
 * process (bench/scale-worker.ts, bundled and run with plain node) so that peak memory is its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { buildQuery } from '../functions/cost-alert/telnyx/usage-client';
import type { UsageQuery } from '../functions/cost-alert/domain/usage';
import type { ScaleSample } from './scale-worker';
import type { SimulatorProcess } from './simulator-control';
import { BENCH_API_KEY, expectedTotalNanos, productName, ROWS_PER_PAGE } from './usage-fixture';

export class ScaleError extends Error {
  override readonly name = 'ScaleError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export interface ScaleResult extends ScaleSample {
  readonly commandLine: string;
  readonly totalMatches: boolean;
}

/** Runs each mode at each size; the HTTP mode reads from the simulator front at latency 0, its cache warmed first. */
export async function measureScale(simulator: SimulatorProcess, sizes: readonly number[], now: number): Promise<ScaleResult[]> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'telnyx-cost-alert-scale-'));
  try {
    const worker = path.join(directory, 'scale-worker.js');
    await build({
      entryPoints: [path.join(__dirname, 'scale-worker.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: worker,
      logLevel: 'warning',
    });
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const results: ScaleResult[] = [];
    const run = (args: string[], shown: string, expected: bigint): void => {
      const child = spawnSync(process.execPath, [worker, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new ScaleError(`${shown} failed (status ${child.status}): ${child.stderr.slice(0, 500)}`);
      const sample = JSON.parse(child.stdout.trim()) as ScaleSample;
      results.push({ ...sample, commandLine: shown, totalMatches: sample.totalNanos === expected.toString() });
    };

    for (const size of sizes) {
      run(['rows', String(size)], `node <tmp>/scale-worker.js rows ${size}`, expectedTotalNanos(productName(0), size));
    }
    const window = { start: new Date(Math.floor(now / 86_400_000) * 86_400_000), end: new Date(Math.ceil(now / 1000) * 1000) };
    for (const size of sizes) {
      await simulator.configure(size, 0);
      await warm(simulator.frontUrl, { product: productName(0), dimensions: ['currency'], metrics: ['cost'], window }, Math.ceil(size / ROWS_PER_PAGE));
      run(
        ['http', String(size), simulator.frontUrl, window.start.toISOString(), window.end.toISOString()],
        `node <tmp>/scale-worker.js http ${size} <simulator front> <start> <end>`,
        expectedTotalNanos(productName(0), size),
      );
    }
    return results;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Asks every page once with the URLs the client will use, so the front holds them (bodies are not parsed here). */
async function warm(baseUrl: string, query: UsageQuery, pages: number): Promise<void> {
  // The same query string the client's pages() builds (buildQuery is its own function).
  const base = buildQuery(query);
  const urls = Array.from({ length: pages }, (_, index) => `${baseUrl}/usage_reports?${base}&page[number]=${index + 1}&page[size]=${ROWS_PER_PAGE}`);
  // Two at a time: the simulator renders on one thread anyway.
  for (let index = 0; index < urls.length; index += 2) {
    await Promise.all(
      urls.slice(index, index + 2).map(async (url) => {
        const response = await fetch(url, { headers: { Authorization: `Bearer ${BENCH_API_KEY}` } });
        await response.arrayBuffer();
        if (!response.ok) throw new ScaleError(`warming ${url} answered HTTP ${response.status}`);
      }),
    );
  }
}
