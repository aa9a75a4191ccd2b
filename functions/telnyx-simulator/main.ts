/** `npm run simulator -- [--port 4010] [--latency 50] [--page-size-cap 100] [--api-key KEY]`: runs the simulator until interrupted. */
import { parseArgs } from 'node:util';
import { startSimulator } from './server';

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer, not '${value}'`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      latency: { type: 'string' },
      'page-size-cap': { type: 'string' },
      'api-key': { type: 'string' },
    },
  });
  const simulator = await startSimulator({
    port: numberOption('port', values.port) ?? 0,
    host: values.host ?? '127.0.0.1',
    latencyMs: numberOption('latency', values.latency),
    pageSizeCap: numberOption('page-size-cap', values['page-size-cap']),
    apiKey: values['api-key'],
  });
  console.log(`Telnyx simulator listening on ${simulator.url}`);
  console.log(values['api-key'] ? 'Send Authorization: Bearer <the --api-key value>.' : 'Any bearer token is accepted.');
  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
