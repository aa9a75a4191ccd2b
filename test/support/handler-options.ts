/** createHandler's options in a test: a silent logger, metrics dropped, time pinned, no real wait between Telnyx retries. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { HandlerOptions } from '../../functions/cost-alert/handler';

export function testHandlerOptions(clock: () => number, overrides: HandlerOptions = {}): HandlerOptions {
  return {
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined },
    clock,
    usageClient: { sleep: async () => undefined, random: () => 0 },
    ...overrides,
  };
}
