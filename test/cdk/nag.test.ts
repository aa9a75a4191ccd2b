import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { buildApp, CHAT_CHANNELS, EXAMPLE_CONTEXT } from './synthesize';

interface ValidationReport {
  readonly pluginReports: readonly { readonly pluginName?: string; readonly violations?: readonly unknown[] }[];
}

/** Synthesizes with cdk-nag's AWS Solutions pack; an unacknowledged finding makes synth() throw. */
function synthesizeWithNag(context: Record<string, unknown>): ValidationReport {
  const { app } = buildApp(context, { nag: true });
  const assembly = app.synth();
  return JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
}

const violationsOf = (report: ValidationReport): unknown[] => report.pluginReports.flatMap((plugin) => plugin.violations ?? []);

describe('cdk-nag AwsSolutionsChecks', () => {
  it('finds nothing unacknowledged in either stack with the example context (two emails, one SMS number)', () => {
    // Act
    const report = synthesizeWithNag({ ...EXAMPLE_CONTEXT, githubRepository: 'octo-org/telnyx-cost-alert' });

    // Assess
    expect(violationsOf(report)).toEqual([]);
  });

  it('finds nothing unacknowledged with a customer key, other names and a cron schedule', () => {
    // Act
    const report = synthesizeWithNag({
      ...EXAMPLE_CONTEXT,
      thresholdsPath: '/acme/telnyx/limits',
      apiKeyParameter: 'telnyx-key',
      apiKeyKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      schedule: 'cron(0/30 * * * ? *)',
      timeZone: 'America/New_York',
    });

    // Assess
    expect(violationsOf(report)).toEqual([]);
  });

  it('finds nothing unacknowledged with a permissions boundary, an environment subject, and digest, dashboard and SMS alarms off', () => {
    // Act
    const report = synthesizeWithNag({
      ...EXAMPLE_CONTEXT,
      githubRepository: 'octo-org/telnyx-cost-alert',
      githubEnvironment: 'production',
      permissionsBoundary: 'telnyx-cost-alert-boundary',
      digest: 'false',
      dashboard: 'false',
      smsAlarms: 'false',
    });

    // Assess
    expect(violationsOf(report)).toEqual([]);
  });

  it('finds nothing unacknowledged with Slack and Teams channels and the relay (a customer key for its destinations, a boundary)', () => {
    // Act
    const report = synthesizeWithNag({
      ...EXAMPLE_CONTEXT,
      ...CHAT_CHANNELS,
      destinations: 'true',
      destinationsKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      permissionsBoundary: 'telnyx-cost-alert-boundary',
    });

    // Assess
    expect(violationsOf(report)).toEqual([]);
  });

  it('fails synthesis on a finding nobody acknowledged (the check above is not vacuous)', () => {
    // Prepare
    const { app, stacks } = buildApp({ ...EXAMPLE_CONTEXT }, { nag: true });
    new sqs.CfnQueue(stacks.costAlert, 'UnencryptedQueue', { sqsManagedSseEnabled: false });

    // Act
    const synthesize = () => app.synth();

    // Assess
    expect(synthesize).toThrow(/AwsSolutions-SQS2/);
  });
});
