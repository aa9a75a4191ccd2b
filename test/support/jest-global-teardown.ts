/** jest's globalTeardown: removes the run's template directory (./jest-global-setup.ts). */
import { rmSync } from 'node:fs';
import { TEMPLATE_CACHE_VARIABLE } from './template-cache';

export default function globalTeardown(): void {
  const directory = process.env[TEMPLATE_CACHE_VARIABLE];
  if (directory) rmSync(directory, { recursive: true, force: true });
}
