/** Builds the real app (lib/app.ts) from a context, as bin/app.ts does, without the CLI. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { addNagChecks, addStacks } from '../../lib/app';
import type { CostAlertStacks } from '../../lib/app';

/** The example context: two email subscribers and one SMS number. */
export const EXAMPLE_CONTEXT = {
  alertEmails: 'a@example.com,b@example.com',
  alertSmsNumbers: '+15555550100',
} as const;

/**
 * cdk.json's feature flags (the `@aws-cdk/...` keys): the CLI passes them to the app, so the tests must too,
 * or they would assert a template the CLI never synthesizes. Its other keys are the documented defaults, which
 * the code holds as well (test/cdk/stack-context.test.ts keeps the two equal).
 */
export const FEATURE_FLAGS: Record<string, unknown> = Object.fromEntries(
  Object.entries((JSON.parse(readFileSync(path.join(__dirname, '../../cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context).filter(([key]) =>
    key.startsWith('@'),
  ),
);

export interface SynthesizeOptions {
  /** Bundle the real handler with esbuild (slower, and fails while the handler does not build). */
  readonly bundle?: boolean;
  readonly nag?: boolean;
}

export function buildApp(context: Record<string, unknown>, options: SynthesizeOptions = {}): { app: App; stacks: CostAlertStacks } {
  const app = new App({
    context: {
      ...FEATURE_FLAGS,
      ...context,
      // An empty list skips asset bundling: these tests are about the template, the CLI test bundles.
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stacks = addStacks(app);
  if (options.nag) addNagChecks(app);
  return { app, stacks };
}
