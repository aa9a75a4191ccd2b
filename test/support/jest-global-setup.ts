/**
 * jest's globalSetup: a fresh directory for the run's synthesized CDK templates (test/cdk/synthesize.ts), named in
 * the environment the test workers inherit. A new directory each run: a template never outlives the code it came from.
 * For a whole run (npm test), also the warm process that forks the suites' moto servers (./moto-launcher.ts); a run
 * of a few files starts moto's servers itself, without paying for the launcher's warm-up.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startMotoLauncher } from './moto-launcher';
import { TEMPLATE_CACHE_VARIABLE } from './template-cache';
import { testPython } from './test-python';

/** Read by ./jest-global-teardown.ts (globalSetup and globalTeardown share the process's globals, not modules). */
export const LAUNCHER_GLOBAL = '__telnyxCostAlertMotoLauncher';

/** jest's global config, the part read here: whether the run was given paths (a few files) or not (the whole suite). */
interface GlobalConfig {
  readonly testPathPatterns: { isSet(): boolean };
}

export default function globalSetup(globalConfig: GlobalConfig): void {
  process.env[TEMPLATE_CACHE_VARIABLE] = mkdtempSync(path.join(tmpdir(), 'telnyx-cost-alert-templates-'));
  if (!globalConfig.testPathPatterns.isSet()) (globalThis as Record<string, unknown>)[LAUNCHER_GLOBAL] = startMotoLauncher(testPython());
}
