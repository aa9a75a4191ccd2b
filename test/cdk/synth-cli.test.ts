import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const projectRoot = path.resolve(__dirname, '../..');

/** The environment of a machine with no AWS access: no credentials, no profile, no instance metadata. */
function offlineEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_') && !name.startsWith('CDK_')) environment[name] = value;
  }
  return { ...environment, AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_VERSION_CHECK: 'true' };
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

  it.each([
    ['schedule=cron(0/15 * * * * *)', 'Error: schedule: "cron(0/15 * * * * *)" needs "?" in exactly one of day-of-month (3rd field) and day-of-week (5th)'],
    ['digestTime=8am', 'Error: digestTime: "8am" is not a time of day as HH:MM'],
    ['slackWorkspaceId=T0123ABCDEF', 'Error: slackChannelId: is not set, but slackWorkspaceId is: a channel needs slackWorkspaceId, slackChannelId together'],
    [
      'thresholdsPath=/telnyx-cost-alert',
      'Error: thresholdsPath: "/telnyx-cost-alert" holds the API-key parameter /telnyx-cost-alert/api-key (apiKeyParameter)',
    ],
    ['alertSmsNumbers=+15555550177,555-0199', 'Error: alertSmsNumbers: item 2 of alertSmsNumbers is not an E.164 number'],
  ])(
    'refuses -c %s with one line naming the key, and no stack trace',
    async (context, message) => {
      // Act
      const failure = await run(path.join(projectRoot, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--no-notices', '-c', context, '--output', outdir], {
        cwd: projectRoot,
        env: offlineEnvironment(),
        timeout: 120_000,
      }).then(
        () => undefined,
        (error: unknown) => error as { code?: number; stderr?: string },
      );

      // Assess
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain(message);
      expect(failure?.stderr).not.toMatch(/^\s+at /m);
      expect(failure?.stderr).not.toContain('ContextError');
      // A contact is named by its position only: GitHub masks a secret only where it appears whole.
      expect(failure?.stderr).not.toMatch(/555-?0199|5550177/);
    },
    180_000,
  );
});
