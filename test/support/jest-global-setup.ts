/**
 * jest's globalSetup: a fresh directory for the run's synthesized CDK templates (test/cdk/synthesize.ts), named in
 * the environment the test workers inherit. A new directory each run: a template never outlives the code it came from.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TEMPLATE_CACHE_VARIABLE } from './template-cache';

export default function globalSetup(): void {
  process.env[TEMPLATE_CACHE_VARIABLE] = mkdtempSync(path.join(tmpdir(), 'telnyx-cost-alert-templates-'));
}
