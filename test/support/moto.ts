/**
 * moto's server (a real AWS API emulator for SSM, SNS and DynamoDB) for integration tests.
 *
 * Each suite starts its own server on a free loopback port and reaches it only through the SDK's own
 * endpoint variables (AWS_ENDPOINT_URL), as in production where nothing is hard-coded. Tests assert on what
 * the emulator holds (`/moto-api/data.json`: each topic's sent notifications), not on the calls made.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { type ForkedServer, forkMotoServer, isRunning, logTail } from './moto-launcher';
import { installHint, testPython } from './test-python';

export class MotoUnavailableError extends Error {
  override readonly name = 'MotoUnavailableError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** One notification SNS accepted for a topic, as moto records it. */
export interface SentNotification {
  readonly messageId: string;
  /** The Message as published (with MessageStructure json: the JSON text of every protocol's body). */
  readonly message: string;
  readonly subject: string | null;
  /** Message attributes, flattened to their string values. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface Moto {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  /** The environment that points the AWS SDK at this server (merge it into process.env). */
  readonly env: Readonly<Record<string, string>>;
  /** Empty every service (between tests). */
  reset(): Promise<void>;
  /** moto's whole state. */
  data(): Promise<Record<string, unknown>>;
  /** What SNS accepted for a topic, oldest first. */
  sentNotifications(topicArn: string): Promise<SentNotification[]>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * Starts moto's server with the tests' Python (test/support/test-python.ts: python3, or the project's .venv/): forked
 * from the run's warm launcher when there is one (./moto-launcher.ts), else as its own `python -m moto.server`. With
 * `python` given, always the latter, with that interpreter.
 */
export async function startMoto(python?: string): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const forked = python === undefined ? await forkMotoServer(port) : undefined;
  const interpreter = python ?? testPython();
  const server = forked ? forkedServer(forked) : spawnedServer(interpreter, port);
  await waitUntilReady(server, interpreter, endpoint);

  const getJson = async (path: string) => (await (await fetch(`${endpoint}${path}`)).json()) as Record<string, unknown>;
  return {
    endpoint,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    },
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset answered HTTP ${response.status}`);
    },
    data: () => getJson('/moto-api/data.json'),
    async sentNotifications(topicArn: string) {
      const state = await getJson('/moto-api/data.json');
      const topics = ((state['sns'] as { Topic?: unknown[] } | undefined)?.Topic ?? []) as Array<{ arn: string; sent_notifications: unknown[][] }>;
      const topic = topics.find((candidate) => candidate.arn === topicArn);
      if (!topic) throw new Error(`moto has no SNS topic ${topicArn}`);
      return topic.sent_notifications.map(([messageId, message, subject, attributes]) => ({
        messageId: String(messageId),
        message: String(message),
        subject: typeof subject === 'string' ? subject : null,
        attributes: Object.fromEntries(Object.entries((attributes ?? {}) as Record<string, { Value: string }>).map(([name, value]) => [name, value.Value])),
      }));
    },
    stop: () => server.stop(),
  };
}

/** moto's server process, however it was started. */
interface ServerProcess {
  /** Why it ended, once it has; undefined while it runs. */
  ended(): string | undefined;
  /** The end of what it printed. */
  output(): string;
  stop(): Promise<void>;
}

function spawnedServer(python: string, port: number): ServerProcess {
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let ended: string | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    ended = error.code === 'ENOENT' ? `${python} was not found` : error.message;
  });
  child.once('exit', (code) => {
    ended ??= `it exited with code ${code}`;
  });
  return {
    ended: () => ended,
    output: () => stderr,
    stop: () => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

function forkedServer({ pid, log }: ForkedServer): ServerProcess {
  return {
    ended: () => (isRunning(pid) ? undefined : 'it exited'),
    output: () => logTail(log),
    async stop() {
      if (!isRunning(pid)) return;
      process.kill(pid, 'SIGTERM');
      // Not a child of this process: its end is seen by polling (the launcher reaps it).
      while (isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

async function waitUntilReady(server: ServerProcess, python: string, endpoint: string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < START_TIMEOUT_MS) {
    const ended = server.ended();
    if (ended !== undefined) {
      const missing = /No module named|ModuleNotFoundError|ImportError/.test(server.output());
      throw new MotoUnavailableError(
        `moto's server did not start (${missing ? 'moto or its server extras are missing' : ended}). moto's server is needed for the integration tests: ${installHint(python)}\n${server.output().trim()}`,
      );
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    // Readiness polling of a child process, not a test sleep.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop();
  throw new MotoUnavailableError(
    `moto's server did not answer within ${START_TIMEOUT_MS / 1000} s. If it is missing: ${installHint(python)}\n${server.output().trim()}`,
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
