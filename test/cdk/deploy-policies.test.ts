import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../../bin/deploy-policies';
import { DEFAULT_POLICY_NAMES, MANAGED_POLICY_MAX_CHARACTERS, PolicyTooLargeError, policyFor, readPolicyFile, rename } from '../../lib/deploy-policies';

const CUSTOM = {
  stackName: 'AcmeTelnyx',
  dashboardName: 'acme-spend',
  thresholdsPath: '/acme/telnyx/limits',
  apiKeyParameter: '/acme/telnyx/key',
  destinationsParameter: '/acme/telnyx/routes',
  boundaryName: 'acme-telnyx-boundary',
  qualifier: 'acme1',
};

/** Every string value of a document (condition keys left out). */
const values = (document: unknown): string[] =>
  typeof document === 'string'
    ? [document]
    : Array.isArray(document)
      ? document.flatMap(values)
      : document !== null && typeof document === 'object'
        ? Object.values(document).flatMap(values)
        : [];

describe('the policies for a context', () => {
  it.each(['boundary', 'execution', 'destinations'] as const)(
    '%s: the file in .github/ is the policy for the default names, and fits one managed policy',
    (kind) => {
      // Act
      const policy = policyFor(kind, DEFAULT_POLICY_NAMES);

      // Assess
      expect(policy).toEqual(readPolicyFile(kind));
      expect(JSON.stringify(policy).length).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARACTERS);
    },
  );

  it.each(['boundary', 'execution', 'destinations'] as const)('%s: other names replace every default name, and the tag key stays', (kind) => {
    // Act
    const policy = policyFor(kind, CUSTOM);
    const text = values(policy).join('\n');

    // Assess
    expect(text).not.toMatch(/TelnyxCostAlert|\/telnyx-cost-alert\/|hnb659fds|telnyx-cost-alert-boundary/);
    expect(text).toContain('AcmeTelnyx');
    if (kind === 'execution') {
      expect(JSON.stringify(policy)).toContain('"aws:ResourceTag/telnyx-cost-alert":"AcmeTelnyx"');
      expect(text).toContain('arn:aws:cloudwatch::*:dashboard/acme-spend');
      expect(text).toContain('arn:aws:iam::${aws:PrincipalAccount}:policy/acme-telnyx-boundary');
      expect(text).toContain('arn:aws:ssm:*:*:parameter/cdk-bootstrap/acme1/*');
    } else if (kind === 'destinations') {
      expect(text).toContain('arn:aws:chatbot:*:*:chat-configuration/*/AcmeTelnyx*');
      expect(text).toContain('arn:aws:iam::*:role/AcmeTelnyx*');
      expect(text).toContain('arn:aws:lambda:*:*:function:AcmeTelnyx*');
    } else {
      expect(text).toContain('arn:aws:ssm:*:*:parameter/acme/telnyx/limits/*');
      expect(text).toContain('arn:aws:ssm:${aws:RequestedRegion}:${aws:PrincipalAccount}:parameter/acme/telnyx/key');
      expect(text).toContain('arn:aws:ssm:*:*:parameter/acme/telnyx/routes');
      expect(text).toContain('arn:aws:ssm:${aws:RequestedRegion}:${aws:PrincipalAccount}:parameter/acme/telnyx/routes');
      expect(text).toContain('arn:aws:iam::*:role/cdk-acme1-deploy-role-*');
      expect(text).toContain('arn:aws:iam::*:role/AcmeTelnyxGitHubDeploy-*');
    }
  });

  it('replaces each name once: a path that contains the default stack name keeps it', () => {
    // Act
    const renamed = rename({ Resource: 'arn:aws:ssm:*:*:parameter/telnyx-cost-alert/thresholds' }, { ...CUSTOM, thresholdsPath: '/TelnyxCostAlert/limits' });

    // Assess
    expect(renamed).toEqual({ Resource: 'arn:aws:ssm:*:*:parameter/TelnyxCostAlert/limits' });
  });
});

describe('npm run policies', () => {
  const cdkJson = (context: Record<string, unknown>): string => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'policies-')), 'cdk.json');
    writeFileSync(file, JSON.stringify({ app: 'node --import tsx bin/app.ts', context }));
    return file;
  };

  it('prints the boundary for cdk.json with -c flags over it, as cdk reads context', () => {
    // Act
    const printed = run(['boundary', '-c', 'thresholdsPath=/acme/limits'], cdkJson({ stackName: 'AcmeTelnyx', '@aws-cdk/core:bootstrapQualifier': 'acme1' }));

    // Assess
    expect(printed.code).toBe(0);
    expect(printed.out).toContain('"arn:aws:ssm:*:*:parameter/acme/limits/*"');
    expect(printed.out).toContain('"arn:aws:iam::*:role/cdk-acme1-file-publishing-role-*"');
    expect(printed.out).toContain('"arn:aws:sns:*:*:AcmeTelnyx*"');
  });

  it("prints the chat-and-relay part of the execution policy, and the boundary for the relay's own destinations parameter", () => {
    // Act
    const destinations = run(['destinations', '-c', 'stackName=AcmeTelnyx'], cdkJson({}));
    const boundary = run(['boundary', '-c', 'destinations=true', '-c', 'destinationsParameter=/acme/telnyx/routes'], cdkJson({}));

    // Assess
    expect(destinations.code).toBe(0);
    expect(destinations.out).toContain('"arn:aws:chatbot:*:*:chat-configuration/*/AcmeTelnyx*"');
    expect(boundary.code).toBe(0);
    expect(boundary.out).toContain('"arn:aws:ssm:*:*:parameter/acme/telnyx/routes"');
    expect(boundary.out).not.toContain('/telnyx-cost-alert/destinations');
  });

  it('refuses a chat-and-relay part over the managed-policy size, naming its file', () => {
    // Prepare: the part with many more statements than it has, for a long stack name
    const statement = (readPolicyFile('destinations') as { Statement: unknown[] }).Statement[0];
    const large = { Version: '2012-10-17', Statement: Array.from({ length: 60 }, () => statement) };

    // Act
    const refuse = () => policyFor('destinations', { ...DEFAULT_POLICY_NAMES, stackName: 'A'.repeat(40) }, large);

    // Assess
    expect(refuse).toThrow(PolicyTooLargeError);
    expect(refuse).toThrow(/^with these names cdk-execution-policy-destinations\.json is \d+ characters, over IAM's 6144/);
  });

  it.each([
    [['nothing'], 2, /^usage: npm run -s policies -- boundary\|execution\|destinations /],
    [['execution', '-c'], 2, /usage: npm run -s policies/],
    [['boundary', '-c', 'destinationsParameter=/acme/routes'], 1, /^Error: destinationsParameter: is set but destinations is not true/],
    [['destinations', '-c', 'slackWorkspaceId=T0123ABCDEF'], 1, /^Error: slackChannelId: is not set, but slackWorkspaceId is/],
    [['execution', '-c', 'thresholdsPath=/telnyx-cost-alert'], 1, /^Error: thresholdsPath: "\/telnyx-cost-alert" holds the API-key parameter/],
    [
      ['boundary', '-c', '@aws-cdk/core:bootstrapQualifier=much-too-long-qualifier'],
      1,
      /^Error: @aws-cdk\/core:bootstrapQualifier: "much-too-long-qualifier" is not a bootstrap qualifier/,
    ],
    [['execution', '-c', `stackName=${'A'.repeat(120)}`], 1, /^Error: with these names cdk-execution-policy\.json is \d+ characters, over IAM's 6144/],
  ])('%j exits %d with one line saying why', (argv, code, message) => {
    // Act
    const printed = run(argv, cdkJson({}));

    // Assess
    expect(printed.code).toBe(code);
    expect(printed.out).toMatch(message);
    expect(printed.out).not.toContain('\n');
  });
});
