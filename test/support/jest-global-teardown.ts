/** jest's globalTeardown: removes the run's template directory and ends the moto launcher (./jest-global-setup.ts). */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { LAUNCHER_GLOBAL } from './jest-global-setup';
import { stopMotoLauncher } from './moto-launcher';
import { TEMPLATE_CACHE_VARIABLE } from './template-cache';

export default async function globalTeardown(): Promise<void> {
  const directory = process.env[TEMPLATE_CACHE_VARIABLE];
  if (directory) rmSync(directory, { recursive: true, force: true });
  const launcher = (globalThis as Record<string, unknown>)[LAUNCHER_GLOBAL] as ChildProcess | undefined;
  if (launcher) await stopMotoLauncher(launcher);
}
