/**
 * Where the CLI reads usage from: Telnyx when TELNYX_API_KEY is set, otherwise the bundled simulator
 * with a sample day, so that `npm start` shows a full check without an account.
 * The key goes only into the client (which keeps it to the Authorization header); it is never printed.
 */
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { type ClientLog, DEFAULT_BASE_URL, TelnyxUsageClient } from '../../functions/cost-alert/telnyx/usage-client';
import { InvalidArgumentError } from 'commander';
import { CliError, type CliIo, EXIT, UsageError } from './cli-io';
import { messageOf } from '../../functions/cost-alert/domain/error-text';

export const API_KEY_VARIABLE = 'TELNYX_API_KEY';
export const SIMULATOR_NOTE = `No ${API_KEY_VARIABLE}: using the built-in Telnyx simulator with a sample day`;
/** The simulator accepts any bearer token; this one says what it is if it ever shows up somewhere. */
const SIMULATOR_KEY = 'built-in-simulator';

export interface TelnyxConnection {
  readonly client: TelnyxUsageClient;
  /** True when usage comes from the built-in simulator. */
  readonly simulated: boolean;
  /** Where usage is read from, for notes: the base URL, or 'the built-in simulator'. */
  readonly source: string;
  /** Stops the simulator, if one was started. */
  close(): Promise<void>;
}

export interface ConnectionOptions {
  readonly baseUrl?: string;
  readonly concurrency?: number;
  readonly log?: ClientLog;
}

/** The parser of --concurrency (commander reports its message as a usage error). */
export function parseConcurrency(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1 || value > 10) {
    throw new InvalidArgumentError('must be a whole number from 1 to 10 (default 2: the usage endpoint throttles hard)');
  }
  return value;
}

/** --concurrency, else TELNYX_MAX_CONCURRENCY (checked whenever set), else undefined: the client's default. */
export function resolveConcurrency(option: number | undefined, io: CliIo): number | undefined {
  const fromEnv = io.env.TELNYX_MAX_CONCURRENCY?.trim();
  let envConcurrency: number | undefined;
  try {
    envConcurrency = fromEnv ? parseConcurrency(fromEnv) : undefined;
  } catch (error) {
    throw new CliError(`TELNYX_MAX_CONCURRENCY "${fromEnv}" ${messageOf(error)}: fix or unset it, or pass --concurrency`);
  }
  return option ?? envConcurrency;
}

/** True when the environment holds a Telnyx API key (its value is not looked at further). */
export function hasApiKey(io: CliIo): boolean {
  return Boolean(io.env[API_KEY_VARIABLE]?.trim());
}

export async function connectTelnyx(io: CliIo, options: ConnectionOptions = {}): Promise<TelnyxConnection> {
  const apiKey = io.env[API_KEY_VARIABLE]?.trim();
  const common = { maxConcurrency: options.concurrency ?? 2, log: options.log, clock: io.clock };
  if (apiKey) {
    const fromEnv = io.env.TELNYX_API_BASE_URL?.trim() || undefined;
    const baseUrl = checkBaseUrl(
      options.baseUrl ?? fromEnv ?? DEFAULT_BASE_URL,
      options.baseUrl !== undefined ? EXIT.usage : EXIT.problem,
      options.baseUrl === undefined && fromEnv !== undefined ? 'TELNYX_API_BASE_URL' : '--base-url',
    );
    const client = new TelnyxUsageClient({ ...common, apiKey, baseUrl, apiKeySource: `the ${API_KEY_VARIABLE} environment variable` });
    return { client, simulated: false, source: baseUrl, close: () => Promise.resolve() };
  }
  if (options.baseUrl !== undefined) {
    throw new UsageError(
      `--base-url needs a Telnyx API key: run \`export ${API_KEY_VARIABLE}=<your key>\` first, or leave --base-url out to use the built-in simulator`,
    );
  }
  const clock = io.clock;
  let simulator: RunningSimulator;
  try {
    simulator = await startSimulator(clock ? { now: () => new Date(clock()) } : {});
  } catch (error) {
    throw new CliError(`could not start the built-in Telnyx simulator on 127.0.0.1: ${error instanceof Error ? error.message : String(error)}`, 1, {
      cause: error,
    });
  }
  io.stderr(`${SIMULATOR_NOTE}\n`);
  const client = new TelnyxUsageClient({ ...common, apiKey: SIMULATOR_KEY, baseUrl: simulator.url, apiKeySource: 'the built-in simulator' });
  return { client, simulated: true, source: 'the built-in simulator', close: () => simulator.close() };
}

/** The key travels in a header: https only, except to this machine (a local simulator or proxy); and Telnyx's API is under /v2. */
function checkBaseUrl(text: string, exitCode: number, source: string): string {
  const baseUrl = text.replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (error) {
    throw new CliError(`${source} "${text}" is not a URL: leave it out for ${DEFAULT_BASE_URL}`, exitCode, { cause: error });
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) {
    throw new CliError(`${source} "${text}" must use https (plain http only to localhost): leave it out for ${DEFAULT_BASE_URL}`, exitCode);
  }
  if (!/\/v2$/.test(url.pathname)) {
    // Without it every request goes to /usage_reports, which Telnyx answers with 404 (not found) for any key.
    throw new CliError(
      `${source} "${text}" does not end in /v2, where Telnyx's API lives: use e.g. ${url.origin}${url.pathname.replace(/\/+$/, '')}/v2`,
      exitCode,
    );
  }
  return baseUrl;
}
