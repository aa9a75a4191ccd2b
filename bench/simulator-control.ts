/** The bench's handle on the simulator process (bench/simulator-process.ts): start, configure, read what it saw, stop. */
import { type ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';

export type EndpointName = 'front' | 'direct';

/** What an endpoint was asked since the last reset. */
export interface EndpointStats {
  readonly usageRequests: number;
  readonly optionsRequests: number;
  readonly otherRequests: number;
  /** page[size] value -> number of usage requests that sent it. */
  readonly pageSizes: Readonly<Record<string, number>>;
  /** Median time from a request's arrival to its answer being ready (before the injected latency). */
  readonly medianServiceMs: number;
  /** `path?query` of every request, when asked for. */
  readonly queries: readonly string[];
}

export type SimulatorCommand =
  | { id: number; type: 'configure'; rowsPerProduct: number; frontLatencyMs: number }
  | { id: number; type: 'reset' }
  | { id: number; type: 'stats'; endpoint: EndpointName; withQueries: boolean }
  | { id: number; type: 'close' };

export type SimulatorReply = { id: number; ok: true; stats?: EndpointStats } | { id: number; ok: false; error: string };

interface Ready {
  type: 'ready';
  frontUrl: string;
  directUrl: string;
}

export class SimulatorProcessError extends Error {
  override readonly name = 'SimulatorProcessError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export const SIMULATOR_SCRIPT = path.join(__dirname, 'simulator-process.ts');

export class SimulatorProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: SimulatorReply) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    /** Response cache with injected latency: the ideal server. */
    readonly frontUrl: string,
    /** The simulator itself with its own latencyMs: renders every answer. */
    readonly directUrl: string,
    /** The command line that started it, for the report. */
    readonly commandLine: string,
  ) {
    child.on('message', (message: SimulatorReply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      waiter.resolve(message);
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new SimulatorProcessError(`the simulator process exited (code ${code})`));
      this.pending.clear();
    });
  }

  static async start(latencyMs: number, projectRoot: string): Promise<SimulatorProcess> {
    const execArgv = ['--import', 'tsx'];
    const child = fork(SIMULATOR_SCRIPT, [String(latencyMs)], { cwd: projectRoot, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SimulatorProcessError('the simulator process did not start within 30 s')), 30_000);
      child.once('message', (message: Ready) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new SimulatorProcessError(`the simulator process exited during start-up (code ${code})`));
      });
    });
    const commandLine = `node ${execArgv.join(' ')} ${path.relative(projectRoot, SIMULATOR_SCRIPT)} ${latencyMs}`;
    return new SimulatorProcess(child, ready.frontUrl, ready.directUrl, commandLine);
  }

  /** Every product answers `rowsPerProduct` rows (a new count empties the front's cache); the front answers after `frontLatencyMs`. */
  async configure(rowsPerProduct: number, frontLatencyMs: number): Promise<void> {
    await this.command({ type: 'configure', rowsPerProduct, frontLatencyMs });
  }

  async reset(): Promise<void> {
    await this.command({ type: 'reset' });
  }

  async stats(endpoint: EndpointName, withQueries = false): Promise<EndpointStats> {
    const reply = await this.command({ type: 'stats', endpoint, withQueries });
    if (!reply.ok || !reply.stats) throw new SimulatorProcessError('the simulator process sent no stats');
    return reply.stats;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.command({ type: 'close' });
    } catch {
      this.child.kill();
    }
    await exited;
  }

  private command(body: DistributiveOmit<SimulatorCommand, 'id'>): Promise<SimulatorReply> {
    const id = this.nextId++;
    return new Promise<SimulatorReply>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (reply) => (reply.ok ? resolve(reply) : reject(new SimulatorProcessError(`simulator command ${body.type} failed: ${reply.error}`))),
        reject,
      });
      this.child.send({ ...body, id } as SimulatorCommand);
    });
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
