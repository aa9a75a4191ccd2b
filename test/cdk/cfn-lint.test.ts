import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { installHint, testPython } from '../support/test-python';
import { buildApp, CHAT_CHANNELS, EXAMPLE_CONTEXT } from './synthesize';

/**
 * cfn-lint over every synthesized template. Findings allowed, each with its reason:
 * - W3005: CDK makes the function DependsOn its role (and the role's policy) although `Role: GetAtt` already
 *   orders them; the DependsOn also covers the policy, which must exist before the first invocation.
 */
const ALLOWED = new Set(['W3005']);

interface Finding {
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Filename: string;
}

/** cfn-lint through the tests' Python (test/support/test-python.ts), as a module: pip may leave its script off the PATH. */
const RUN_CFN_LINT = ['-c', 'import sys; from cfnlint.runner import main; sys.argv[0] = "cfn-lint"; sys.exit(main())'];

/** `cfn-lint --format json`: its findings (it exits non-zero when there are any, so the exit code is not the verdict). */
function cfnLint(files: readonly string[], python = testPython(), runner = RUN_CFN_LINT): Finding[] {
  try {
    return JSON.parse(execFileSync(python, [...runner, '--format', 'json', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Finding[];
  } catch (error) {
    const failed = error as { code?: string; stdout?: string; stderr?: string };
    if (failed.stdout?.trim().startsWith('[')) return JSON.parse(failed.stdout) as Finding[];
    if (failed.code === 'ENOENT' || /No module named/.test(failed.stderr ?? ''))
      throw new Error(`cfn-lint is not installed: ${installHint(python)}`, { cause: error });
    throw new Error(`cfn-lint failed: ${failed.stderr ?? String(error)}`, { cause: error });
  }
}

const CONTEXTS: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['the example context with the deploy stack', { ...EXAMPLE_CONTEXT, githubRepository: 'octo-org/telnyx-cost-alert' }],
  [
    'a customer key, an environment subject, a boundary, a cron in Berlin',
    {
      ...EXAMPLE_CONTEXT,
      apiKeyKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      githubRepository: 'octo-org/telnyx-cost-alert',
      githubEnvironment: 'production',
      permissionsBoundary: 'telnyx-cost-alert-boundary',
      schedule: 'cron(0/30 * * * ? *)',
      timeZone: 'Europe/Berlin',
    },
  ],
  ['no subscribers, no digest, no dashboard', { digest: 'false', dashboard: 'false', smsAlarms: 'false' }],
  [
    'Slack and Teams channels and the relay',
    {
      ...EXAMPLE_CONTEXT,
      ...CHAT_CHANNELS,
      destinations: 'true',
    },
  ],
];

/**
 * The template files of a context, as `cdk synth` writes them. CDK's own CloudFormation validation is off here: its
 * rules are cfn-lint's (same numbers and messages), run below on every template; synth-cli.test.ts runs it through
 * `cdk synth`.
 */
function synthesizedFiles(context: Record<string, unknown>): string[] {
  const assembly = buildApp(context).app.synth();
  return assembly.stacks.map((stack) => path.join(assembly.directory, stack.templateFile));
}

/** A copy of a synthesized template (one with an alarm) whose alarm has a comparison operator CloudFormation does not know. */
function mutatedTemplate(file: string): string {
  const template = JSON.parse(readFileSync(file, 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  const alarm = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::CloudWatch::Alarm')!;
  alarm.Properties.ComparisonOperator = 'BiggerThanThreshold';
  const mutated = path.join(mkdtempSync(path.join(tmpdir(), 'cfn-lint-')), 'mutated.template.json');
  writeFileSync(mutated, JSON.stringify(template));
  return mutated;
}

describe('cfn-lint', () => {
  // One cfn-lint run over every template (its start-up is most of its time): each test reads its files' findings.
  const files = new Map<string, string[]>();
  let mutated: string;
  let findings: Finding[];
  const findingsIn = (paths: readonly string[]) => findings.filter((finding) => paths.includes(finding.Filename));

  beforeAll(() => {
    for (const [name, context] of CONTEXTS) files.set(name, synthesizedFiles(context));
    // The first template is the cost-alert stack's (the deploy stack's comes after it), which has alarms.
    mutated = mutatedTemplate(files.get(CONTEXTS[0]![0])![0]!);
    findings = cfnLint([...[...files.values()].flat(), mutated]);
  });

  it.each(CONTEXTS.map(([name]) => name))('finds no error or warning in any template with %s', (name) => {
    // Act
    const templates = files.get(name)!;

    // Assess
    expect(templates.length).toBeGreaterThanOrEqual(1);
    expect(
      findingsIn(templates)
        .filter((finding) => !ALLOWED.has(finding.Rule.Id))
        .map((finding) => `${finding.Rule.Id} ${finding.Message}`),
    ).toEqual([]);
  });

  it('says how to install cfn-lint when the Python lacks it', () => {
    // Act
    const run = () => cfnLint(['template.json'], testPython(), ['-c', 'import cfnlint_not_installed_here']);

    // Assess
    expect(run).toThrow(/^cfn-lint is not installed: .* lacks it: run npm test, which installs requirements-dev.txt into \.venv\//);
  });

  it('is really run: it flags a template error', () => {
    // Act
    const errors = findingsIn([mutated]).filter((finding) => finding.Rule.Id.startsWith('E'));

    // Assess
    expect(errors.map((finding) => finding.Message)).toEqual([expect.stringContaining('BiggerThanThreshold')]);
  });
});
