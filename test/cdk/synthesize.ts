/** Builds the real app (lib/app.ts) from a context, as bin/app.ts does, without the CLI. */
import { App } from 'aws-cdk-lib';
import { addNagChecks, addStacks } from '../../lib/app';
import type { CostAlertStacks } from '../../lib/app';

/** The example: two email subscribers and one SMS number. */
export const EXAMPLE_CONTEXT = {
  alertEmails: 'a@example.com,b@example.com',
  alertSmsNumbers: '+15555550100',
} as const;

export interface SynthesizeOptions {
  /** Bundle the real handler with esbuild (slower, and fails while the handler does not build). */
  readonly bundle?: boolean;
  readonly nag?: boolean;
}

export function buildApp(
  context: Record<string, unknown>,
  options: SynthesizeOptions = {},
): { app: App; stacks: CostAlertStacks } {
  const app = new App({
    context: {
      ...context,
      // An empty list skips asset bundling: these tests are about the template, the CLI test bundles.
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stacks = addStacks(app);
  if (options.nag) addNagChecks(app);
  return { app, stacks };
}
