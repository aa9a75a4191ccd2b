#!/usr/bin/env node
/**
 * `npm run -s policies -- boundary|execution|destinations [-c key=value ...]`: prints the permissions boundary, the
 * CloudFormation execution policy or its second part for the chat channels and the relay, for the context the app
 * deploys with (cdk.json, overridden by -c flags as with `cdk`), for `aws iam create-policy --policy-document
 * file://...` (docs/deploy.md, step 1).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ContextError } from '../lib/stack-context';
import { POLICY_FILES, type PolicyKind, PolicyTooLargeError, policyFor, policyNamesFrom } from '../lib/deploy-policies';

const USAGE =
  'usage: npm run -s policies -- boundary|execution|destinations [-c key=value ...] (e.g. -c stackName=AcmeTelnyx -c thresholdsPath=/acme/telnyx/thresholds)';

export function run(argv: readonly string[], cdkJson = path.join(__dirname, '..', 'cdk.json')): { code: number; out: string } {
  const [kind, ...flags] = argv;
  if (kind === undefined || !(kind in POLICY_FILES)) return { code: 2, out: USAGE };
  const context: Record<string, unknown> = { ...(JSON.parse(readFileSync(cdkJson, 'utf8')) as { context?: Record<string, unknown> }).context };
  for (let index = 0; index < flags.length; index += 2) {
    const [flag, pair] = [flags[index], flags[index + 1]];
    const separator = pair?.indexOf('=') ?? -1;
    if ((flag !== '-c' && flag !== '--context') || pair === undefined || separator < 1) return { code: 2, out: `${flag ?? ''} ${pair ?? ''}: ${USAGE}` };
    context[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  try {
    const policy = policyFor(
      kind as PolicyKind,
      policyNamesFrom((key) => context[key]),
    );
    return { code: 0, out: JSON.stringify(policy, null, 2) };
  } catch (error) {
    if (error instanceof ContextError || error instanceof PolicyTooLargeError) return { code: 1, out: `Error: ${error.message}` };
    throw error;
  }
}

if (require.main === module) {
  const { code, out } = run(process.argv.slice(2));
  (code === 0 ? process.stdout : process.stderr).write(`${out}\n`);
  process.exitCode = code;
}
