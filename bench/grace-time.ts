/**
 * `npx tsx bench/grace-time.ts`: Telnyx requests per check run outside and inside the grace time for ended
 * periods (LATE_USAGE_HOURS). The real handler against the simulator process; AWS mocked as in
 * the check cycle. Counts, not timings: each product with a daily limit costs one more usage query while
 * yesterday is in its grace time, and each product with a monthly limit one more while last month is.
 */
import * as path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Config } from '../functions/cost-alert/config';
import { createHandler } from '../functions/cost-alert/handler';
import { FakeAws } from './check-cycle';
import { SimulatorProcess } from './simulator-control';
import { productNames, THRESHOLDS_PATH } from './usage-fixture';

const PRODUCTS = 5;
const INSTANTS = [
  ['midday, no period in its grace time', '2026-11-26T12:00:00Z'],
  ['00:05, yesterday in its grace time', '2026-11-27T00:05:00Z'],
  ['00:05 on the 1st, yesterday and last month in their grace time', '2026-12-01T00:05:00Z'],
] as const;

export interface GraceTimeRow {
  readonly instant: string;
  readonly label: string;
  readonly usageRequests: number;
  readonly optionsRequests: number;
  readonly checkQueries: number;
}

/**
 * One check run at each instant; the simulator counts what it was asked. AWS is faked here, by its own
 * FakeAws: another part's restore() takes the shared client mocks away.
 */
export async function measureGraceTime(simulator: SimulatorProcess): Promise<GraceTimeRow[]> {
  await simulator.configure(20, 0);
  const aws = new FakeAws();
  try {
    aws.watch(productNames(PRODUCTS));
    return await runInstants(simulator);
  } finally {
    aws.restore();
  }
}

async function runInstants(simulator: SimulatorProcess): Promise<GraceTimeRow[]> {
  const rows: GraceTimeRow[] = [];
  for (const [label, instant] of INSTANTS) {
    const config: Config = {
      apiKeyParameter: '/telnyx-cost-alert/api-key',
      thresholdsPath: THRESHOLDS_PATH,
      topicArn: 'arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts',
      ledgerTable: 'telnyx-cost-alert-ledger',
      telnyxBaseUrl: simulator.directUrl,
      timeZone: 'UTC',
      maxConcurrency: 2,
      lateUsageHours: 6,
    };
    const now = Date.parse(instant);
    const handler = createHandler(config, {
      logger: new Logger({ serviceName: 'telnyx-cost-alert-bench', logLevel: 'SILENT' }),
      metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined },
      clock: () => now,
    });
    await simulator.reset();
    const result = await handler({}, { awsRequestId: 'bench', getRemainingTimeInMillis: () => 300_000 });
    const stats = await simulator.stats('direct');
    rows.push({ instant, label, usageRequests: stats.usageRequests, optionsRequests: stats.optionsRequests, checkQueries: result.queries });
  }
  return rows;
}

export function graceTimeTable(rows: readonly GraceTimeRow[]): string {
  return [
    `| run at (UTC) | | usage requests (${PRODUCTS} products, daily limits) |`,
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.instant} | ${row.label} | ${row.usageRequests} (check counted ${row.checkQueries}) + ${row.optionsRequests} options |`),
  ].join('\n');
}

if (require.main === module) {
  (async () => {
    const simulator = await SimulatorProcess.start(0, path.resolve(__dirname, '..'));
    try {
      process.stdout.write(`${graceTimeTable(await measureGraceTime(simulator))}\n`);
    } finally {
      await simulator.close();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
