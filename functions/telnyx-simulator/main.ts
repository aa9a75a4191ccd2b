/** `npm run simulator -- [--port 4010] [--latency 50] [--page-size-cap 100] [--api-key KEY] [--rate-limit 4]`: runs the simulator until interrupted. */
import { parseArgs } from 'node:util';
import { startSimulator } from './server';

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer, not '${value}'`);
  return parsed;
}

function rateLimitOption(value: string | undefined): { requestsPerSecond: number } | undefined {
  const requestsPerSecond = numberOption('rate-limit', value);
  if (requestsPerSecond === undefined) return undefined;
  if (requestsPerSecond < 1) throw new Error(`--rate-limit must be at least 1 request a second, not '${value}'`);
  return { requestsPerSecond };
}

const HELP = `Usage: npm run simulator -- [options]

Runs the Telnyx usage-report simulator on this machine until interrupted (Ctrl-C).

Options:
  --port <n>           port to listen on (default: a free one, printed at start)
  --host <address>     address to listen on (default: 127.0.0.1)
  --latency <ms>       delay before each answer (default: 0)
  --page-size-cap <n>  silently cap page[size] to n, as a busy API may (default: no cap)
  --api-key <key>      accept only this bearer token (default: any non-empty one)
  --rate-limit <n>     let n requests a second through per API key, as Telnyx's rate limit does, and answer
                       429 with Retry-After beyond (a bucket of n tokens; default: no limit)
  -h, --help           print this help and exit
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string' },
      host: { type: 'string' },
      latency: { type: 'string' },
      'page-size-cap': { type: 'string' },
      'api-key': { type: 'string' },
      'rate-limit': { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const simulator = await startSimulator({
    port: numberOption('port', values.port) ?? 0,
    host: values.host ?? '127.0.0.1',
    latencyMs: numberOption('latency', values.latency),
    pageSizeCap: numberOption('page-size-cap', values['page-size-cap']),
    apiKey: values['api-key'],
    rateLimit: rateLimitOption(values['rate-limit']),
  });
  console.log(`Telnyx simulator listening on ${simulator.url}`);
  console.log(values['api-key'] ? 'Send Authorization: Bearer <the --api-key value>.' : 'Any bearer token is accepted.');
  if (values['rate-limit']) console.log(`Rate limit: ${values['rate-limit']} requests a second per API key; 429 with Retry-After beyond.`);
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
