/**
 * One warm Python process per jest run that forks moto's servers (./moto-launcher.py): jest's globalSetup starts
 * it, the suites' startMoto() ask it for a server, globalTeardown ends it (and it ends with jest in any case: it
 * stops when its standard input closes). Each suite still has its own server process, port and state; what is
 * shared is the import of moto and the loading of its backends, about 2 s of CPU per server otherwise.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The launcher's socket, named in the environment the test workers inherit. */
export const MOTO_LAUNCHER_VARIABLE = 'TELNYX_COST_ALERT_MOTO_LAUNCHER';
/** The launcher's process id: a suite waiting for the socket stops waiting when the launcher is gone. */
const MOTO_LAUNCHER_PID_VARIABLE = 'TELNYX_COST_ALERT_MOTO_LAUNCHER_PID';
const WAIT_MS = 30_000;

/** Starts the launcher (without waiting for it: it warms up while the first suites run) and names it in process.env. */
export function startMotoLauncher(python: string): ChildProcess {
  const socket = path.join(mkdtempSync(path.join(tmpdir(), 'moto-launcher-')), 'socket');
  const child = spawn(python, [path.join(__dirname, 'moto-launcher.py'), socket], { stdio: ['pipe', 'ignore', 'ignore'] });
  // A launcher that cannot start leaves no socket: the suites then start moto's server themselves (./moto.ts).
  child.on('error', () => undefined);
  process.env[MOTO_LAUNCHER_VARIABLE] = socket;
  if (child.pid !== undefined) process.env[MOTO_LAUNCHER_PID_VARIABLE] = String(child.pid);
  return child;
}

/** Ends the launcher and the servers it forked, and removes its directory. */
export async function stopMotoLauncher(child: ChildProcess): Promise<void> {
  const socket = process.env[MOTO_LAUNCHER_VARIABLE];
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin?.end();
    await exited;
  }
  if (socket) rmSync(path.dirname(socket), { recursive: true, force: true });
}

/** A server the launcher forked: its process id and the file its output goes to. */
export interface ForkedServer {
  readonly pid: number;
  readonly log: string;
}

/** A moto server forked on `port`, or undefined when there is no launcher (or it could not warm up). */
export async function forkMotoServer(port: number): Promise<ForkedServer | undefined> {
  const socket = process.env[MOTO_LAUNCHER_VARIABLE];
  if (!socket || !(await launcherReady(socket))) return undefined;
  const log = path.join(path.dirname(socket), `moto-${port}.log`);
  const answer = await new Promise<string>((resolve, reject) => {
    let text = '';
    const connection = createConnection(socket, () => connection.write(`${port} ${log}\n`));
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) {
        connection.end();
        resolve(text);
      }
    });
    connection.on('error', reject);
    connection.on('close', () => resolve(text));
  });
  const pid = Number(answer.trim());
  return Number.isInteger(pid) && pid > 0 ? { pid, log } : undefined;
}

/** Waits for the launcher's socket, or its word that it failed, or its end (then the suite starts moto itself). */
async function launcherReady(socket: string): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < WAIT_MS) {
    if (existsSync(socket)) return true;
    if (existsSync(`${socket}.failed`)) return false;
    const launcher = Number(process.env[MOTO_LAUNCHER_PID_VARIABLE]);
    if (!Number.isInteger(launcher) || !isRunning(launcher)) return false;
    // Readiness polling of a process, not a test sleep.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Whether a process lives (the launcher reaps its servers, so an ended one is gone). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The end of a forked server's output, for an error message. */
export function logTail(log: string): string {
  try {
    return readFileSync(log, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}
