import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { addStacks } from '../../lib/app';
import { ContextError } from '../../lib/stack-context';

const run = promisify(execFile);
const projectRoot = path.resolve(__dirname, '../..');

/**
 * The environment of a machine with no AWS access: no credentials, no profile, no instance metadata, and no CLI
 * telemetry (which the CLI would otherwise hand to a process of its own to send after every command).
 */
function offlineEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_') && !name.startsWith('CDK_')) environment[name] = value;
  }
  return { ...environment, AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' };
}

describe('cdk synth through the CLI, as a user runs it', () => {
  let outdir: string;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'telnyx-cost-alert-synth-'));
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('succeeds offline, bundles the handler with esbuild, and keeps only the API key’s name', async () => {
    // Act
    await run(
      path.join(projectRoot, 'node_modules/.bin/cdk'),
      ['synth', '--quiet', '--no-notices', '-c', 'alertEmails=a@example.com,b@example.com', '-c', 'alertSmsNumbers=+15555550100', '--output', outdir],
      { cwd: projectRoot, env: offlineEnvironment(), timeout: 120_000 },
    );
    const templateText = readFileSync(path.join(outdir, 'TelnyxCostAlert.template.json'), 'utf8');
    const template = JSON.parse(templateText) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const bundle = readdirSync(outdir).filter((entry) => entry.startsWith('asset.'));

    // Assess
    const types = Object.values(template.Resources).map((resource) => resource.Type);
    expect(types).toEqual(
      expect.arrayContaining([
        'AWS::Scheduler::Schedule',
        'AWS::Lambda::Function',
        'AWS::SNS::Topic',
        'AWS::KMS::Key',
        'AWS::DynamoDB::Table',
        'AWS::CloudWatch::Alarm',
      ]),
    );
    // Two emails and one SMS number on the alert topic; the SMS number again on the alarm SMS topic (smsAlarms).
    expect(types.filter((type) => type === 'AWS::SNS::Subscription')).toHaveLength(4);
    // The parameter's name appears (environment and IAM), never a value: the stack creates no parameter.
    expect(templateText).toContain('/telnyx-cost-alert/api-key');
    expect(types).not.toContain('AWS::SSM::Parameter');
    expect(bundle).toHaveLength(1);
    const assetFiles = readdirSync(path.join(outdir, bundle[0]!)).sort();
    expect(assetFiles).toEqual(['index.js', 'index.js.map']);
  }, 180_000);

  // One refusal through the CLI proves how bin/app.ts reports a ContextError: exit code 1, one line, no stack trace,
  // no contact in full. The other refusals' messages are the same error from the same code, asserted in-process below.
  it('refuses -c alertSmsNumbers=+15555550177,555-0199 with one line naming the key, and no stack trace', async () => {
    // Act
    const failure = await run(
      path.join(projectRoot, 'node_modules/.bin/cdk'),
      ['synth', '--quiet', '--no-notices', '-c', 'alertSmsNumbers=+15555550177,555-0199', '--output', outdir],
      { cwd: projectRoot, env: offlineEnvironment(), timeout: 120_000 },
    ).then(
      () => undefined,
      (error: unknown) => error as { code?: number; stderr?: string },
    );

    // Assess
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('Error: alertSmsNumbers: item 2 of alertSmsNumbers is not an E.164 number');
    expect(failure?.stderr).not.toMatch(/^\s+at /m);
    expect(failure?.stderr).not.toContain('ContextError');
    // A contact is named by its position only: GitHub masks a secret only where it appears whole.
    expect(failure?.stderr).not.toMatch(/555-?0199|5550177/);
  }, 180_000);
});

describe('the app refuses a wrong context value with the one line cdk synth prints', () => {
  /** cdk.json's context with one `-c key=value` on top, as the CLI hands it to bin/app.ts. */
  const cdkJsonContext = (JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

  it.each([
    ['schedule', 'cron(0/15 * * * * *)', 'schedule: "cron(0/15 * * * * *)" needs "?" in exactly one of day-of-month (3rd field) and day-of-week (5th)'],
    ['digestTime', '8am', 'digestTime: "8am" is not a time of day as HH:MM'],
    ['slackWorkspaceId', 'T0123ABCDEF', 'slackChannelId: is not set, but slackWorkspaceId is: a channel needs slackWorkspaceId, slackChannelId together'],
    ['thresholdsPath', '/telnyx-cost-alert', 'thresholdsPath: "/telnyx-cost-alert" holds the API-key parameter /telnyx-cost-alert/api-key (apiKeyParameter)'],
    ['alertSmsNumbers', '+15555550177,555-0199', 'alertSmsNumbers: item 2 of alertSmsNumbers is not an E.164 number'],
  ])('refuses -c %s=%s with a ContextError whose message is one line naming the key', (key, value, message) => {
    // Act
    let failure: unknown;
    try {
      addStacks(new App({ context: { ...cdkJsonContext, [key]: value } }));
    } catch (error) {
      failure = error;
    }

    // Assess: bin/app.ts prints `Error: ${message}` for exactly this class (the CLI test above shows it)
    expect(failure).toBeInstanceOf(ContextError);
    expect((failure as Error).message).toContain(message);
    expect((failure as Error).message).not.toContain('\n');
    expect((failure as Error).message).not.toMatch(/555-?0199|5550177/);
  });
});
