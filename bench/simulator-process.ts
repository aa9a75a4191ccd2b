/**
 * The Telnyx side of the benchmark, in its own process so that rendering answers never competes with the
 * client for the bench process's event loop (on a real network, the server's CPU is not the Lambda's).
 *
 * It runs two endpoints over one usage fixture:
 * - `direct`: the simulator itself with `latencyMs`, which renders every page anew (about 15 ms of CPU per
 *   5000-row page, serialised on this process's one thread);
 * - `front`: a response cache in front of the simulator (latency 0) that answers after `latencyMs`:
 *   the first request for a URL is rendered by the simulator, repeats are served from memory. Warmed,
 *   it is the ideal server the lower bound assumes: a fixed round trip and no service time.
 * Both record what was asked of them, which the bench reads over IPC.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type RunningSimulator, type SimulatorQuery, startSimulator } from '../functions/telnyx-simulator/server';
import type { EndpointName, EndpointStats, SimulatorCommand, SimulatorReply } from './simulator-control';
import { BENCH_API_KEY, benchScenario, simulatorRows } from './usage-fixture';

interface Recorded {
  readonly path: string;
  readonly rawQuery: string;
  readonly serviceMs: number;
}

interface CachedAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

const directLatencyMs = Number(process.argv[2] ?? '50');
let frontLatencyMs = directLatencyMs;
let rowsPerProduct = 0;
const rowsByProduct = new Map<string, Array<Record<string, unknown>>>();
const cache = new Map<string, CachedAnswer>();
const frontRequests: Recorded[] = [];

const rowsFor = (query: SimulatorQuery): Array<Record<string, unknown>> => {
  let rows = rowsByProduct.get(query.product);
  if (!rows) {
    rows = simulatorRows(query.product, rowsPerProduct);
    rowsByProduct.set(query.product, rows);
  }
  return rows;
};

async function main(): Promise<void> {
  const scenario = benchScenario();
  const inner = await startSimulator({ scenario, rowsFor, apiKey: BENCH_API_KEY, latencyMs: 0 });
  const direct = await startSimulator({ scenario, rowsFor, apiKey: BENCH_API_KEY, latencyMs: directLatencyMs });
  const innerOrigin = new URL(inner.url).origin;

  const front = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    const arrived = performance.now();
    const target = request.url ?? '/';
    const queryStart = target.indexOf('?');
    const path = queryStart < 0 ? target : target.slice(0, queryStart);
    const rawQuery = queryStart < 0 ? '' : target.slice(queryStart + 1);
    const answer = (cached: CachedAnswer) => {
      frontRequests.push({ path, rawQuery, serviceMs: performance.now() - arrived });
      setTimeout(() => {
        if (response.destroyed) return;
        response.writeHead(cached.status, { 'content-type': cached.contentType, 'content-length': cached.body.length });
        response.end(cached.body);
      }, frontLatencyMs);
    };
    const hit = cache.get(target);
    if (hit) {
      answer(hit);
      return;
    }
    const authorization = request.headers.authorization;
    fetch(`${innerOrigin}${target}`, { headers: authorization ? { authorization } : {} })
      .then(async (innerResponse) => {
        const fetched: CachedAnswer = {
          status: innerResponse.status,
          contentType: innerResponse.headers.get('content-type') ?? 'application/json',
          body: Buffer.from(await innerResponse.arrayBuffer()),
        };
        // Only successes are cached: an error answer must be asked again, as a real server would answer it.
        if (innerResponse.ok) cache.set(target, fetched);
        answer(fetched);
      })
      .catch((error: unknown) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`bench front could not reach the simulator: ${String(error)}`);
      });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}/v2`;

  const statsOf = (name: EndpointName, withQueries: boolean): EndpointStats => {
    const recorded: Recorded[] =
      name === 'front' ? frontRequests : direct.requests.map((request) => ({ path: request.path, rawQuery: request.rawQuery, serviceMs: 0 }));
    const usage = recorded.filter((entry) => entry.path.endsWith('/usage_reports'));
    const pageSizes: Record<string, number> = {};
    for (const entry of usage) {
      const size = new URLSearchParams(entry.rawQuery).get('page[size]') ?? '(none)';
      pageSizes[size] = (pageSizes[size] ?? 0) + 1;
    }
    const service = recorded.map((entry) => entry.serviceMs).sort((a, b) => a - b);
    return {
      usageRequests: usage.length,
      optionsRequests: recorded.filter((entry) => entry.path.endsWith('/usage_reports/options')).length,
      otherRequests: recorded.filter((entry) => !entry.path.includes('/usage_reports')).length,
      pageSizes,
      medianServiceMs: service.length === 0 ? 0 : (service[Math.floor(service.length / 2)] ?? 0),
      queries: withQueries ? recorded.map((entry) => `${entry.path}?${entry.rawQuery}`) : [],
    };
  };

  const handle = async (command: SimulatorCommand): Promise<SimulatorReply> => {
    switch (command.type) {
      case 'configure':
        // Same rows: the cached answers stay valid, only the latency changes.
        if (command.rowsPerProduct !== rowsPerProduct) {
          rowsByProduct.clear();
          cache.clear();
        }
        rowsPerProduct = command.rowsPerProduct;
        frontLatencyMs = command.frontLatencyMs;
        return { id: command.id, ok: true };
      case 'reset':
        frontRequests.length = 0;
        direct.requests.length = 0;
        inner.requests.length = 0;
        return { id: command.id, ok: true };
      case 'stats':
        return { id: command.id, ok: true, stats: statsOf(command.endpoint, command.withQueries) };
      case 'close':
        await closeAll(front, [inner, direct]);
        return { id: command.id, ok: true };
    }
  };

  process.on('message', (message: SimulatorCommand) => {
    handle(message).then(
      (reply) => {
        process.send?.(reply);
        if (message.type === 'close') process.disconnect();
      },
      (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) } satisfies SimulatorReply),
    );
  });
  // The bench going away (crash or kill) must not leave this process behind.
  process.on('disconnect', () => {
    void closeAll(front, [inner, direct]).finally(() => process.exit(0));
  });
  process.send?.({ type: 'ready', frontUrl, directUrl: direct.url });
}

let closing: Promise<void> | undefined;
function closeAll(front: ReturnType<typeof createServer>, simulators: RunningSimulator[]): Promise<void> {
  closing ??= Promise.all([
    new Promise<void>((resolve) => {
      front.close(() => resolve());
      front.closeAllConnections();
    }),
    ...simulators.map((simulator) => simulator.close()),
  ]).then(() => undefined);
  return closing;
}

main().catch((error: unknown) => {
  console.error('bench simulator failed to start:', error);
  process.exit(1);
});
