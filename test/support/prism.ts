/**
 * Prism (`prism proxy --errors`) for the conformance tests: a validating proxy between a client and the simulator
 * that answers 422 for a request its OpenAPI contract forbids and 500 for a response it forbids, and reports what
 * it saw in the `sl-violations` header. Each test file starts its own, on the spec it checks (spec/telnyx/).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const PRISM = resolve(__dirname, '../../node_modules/@stoplight/prism-cli/dist/index.js');
export const PRISM_START_BUDGET_MS = 45_000;

/** One answer that came through Prism, with the violations it reported. */
export interface Exchange {
  readonly url: string;
  readonly status: number;
  readonly violations: ReadonlyArray<{ severity?: string; message?: string }>;
}

/** Records into `exchanges` every answer fetched through Prism at `origin` (restore with jest.restoreAllMocks). */
export function recordExchanges(origin: string, exchanges: Exchange[]): void {
  const realFetch = globalThis.fetch;
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await realFetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(origin)) {
      const header = response.headers.get('sl-violations');
      exchanges.push({ url, status: response.status, violations: header ? (JSON.parse(header) as Exchange['violations']) : [] });
    }
    return response;
  });
}

export interface RunningPrism {
  readonly origin: string;
  readonly child: ChildProcess;
  readonly output: string[];
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => server.once('error', fail).listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Starts `prism proxy --errors` in its own process group and resolves once it says it listens and
 * answers (bounded by PRISM_START_BUDGET_MS; it fails at once if Prism exits).
 */
export async function startPrism(spec: string, upstream: string): Promise<RunningPrism> {
  const port = await freePort();
  const child = spawn(process.execPath, [PRISM, 'proxy', '--errors', spec, upstream, '--port', String(port), '--host', '127.0.0.1'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  // Prism logs every request: keep reading, or a full pipe would stall it.
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const prism = { origin: `http://127.0.0.1:${port}`, child, output };
  try {
    await new Promise<void>((ready, fail) => {
      const budget = setTimeout(() => fail(new Error(`Prism did not start within ${PRISM_START_BUDGET_MS} ms:\n${output.join('')}`)), PRISM_START_BUDGET_MS);
      const exited = (code: number | null) => {
        clearTimeout(budget);
        fail(new Error(`Prism exited (${code}) before listening:\n${output.join('')}`));
      };
      const listening = () => {
        if (!output.join('').includes('Prism is listening')) return;
        clearTimeout(budget);
        child.off('exit', exited);
        child.stdout?.off('data', listening);
        ready();
      };
      child.once('exit', exited);
      child.stdout?.on('data', listening);
    });
    // Any answer proves the listener is up: Prism answers 404 for a path the contract does not have.
    const probe = await fetch(`${prism.origin}/`);
    await probe.body?.cancel();
  } catch (error) {
    await stopPrism(prism);
    throw error;
  }
  return prism;
}

export async function stopPrism(prism: RunningPrism): Promise<void> {
  const { child } = prism;
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // The negative pid signals the whole process group: nothing Prism started outlives the test.
  process.kill(-child.pid, 'SIGTERM');
  const forced = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  }, 5_000);
  await exited;
  clearTimeout(forced);
}
