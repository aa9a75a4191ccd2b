import { Match, Template } from 'aws-cdk-lib/assertions';
import { identityStatements } from './template-policies';
import { assertResource, assertResourceCount } from './template-assertions';
import { buildApp, EXAMPLE_CONTEXT } from './synthesize';

/** The ARN of one bootstrap role of this account and region, as CDK writes it. */
const bootstrapRole = (qualifier: string, role: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':iam::',
      { Ref: 'AWS::AccountId' },
      `:role/cdk-${qualifier}-${role}-`,
      { Ref: 'AWS::AccountId' },
      '-',
      { Ref: 'AWS::Region' },
    ],
  ],
});
const bootstrapRoles = [bootstrapRole('hnb659fds', 'deploy-role'), bootstrapRole('hnb659fds', 'file-publishing-role')];

describe('GitHubDeployStack', () => {
  let template: Template;

  beforeAll(() => {
    const { stacks } = buildApp({ ...EXAMPLE_CONTEXT, githubRepository: 'octo-org/telnyx-cost-alert' });
    template = Template.fromStack(stacks.gitHubDeploy!);
  });

  it('registers GitHub as an OIDC provider for STS', () => {
    // Assess
    assertResourceCount(template, 'AWS::IAM::OIDCProvider', 1);
    assertResource(template, 'AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it('trusts only tokens for STS from the main branch of this repository', () => {
    // Prepare
    const providerId = Object.keys(template.findResources('AWS::IAM::OIDCProvider'))[0]!;

    // Assess
    assertResource(template, 'AWS::IAM::Role', {
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: { Federated: { Ref: providerId } },
            Condition: {
              StringEquals: Match.objectEquals({
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': 'repo:octo-org/telnyx-cost-alert:ref:refs/heads/main',
              }),
            },
          },
        ],
      },
    });
  });

  it('assumes the bootstrap roles of the qualifier the app deploys with (cdk.json @aws-cdk/core:bootstrapQualifier)', () => {
    // Act
    const { stacks } = buildApp({ githubRepository: 'octo-org/telnyx-cost-alert', '@aws-cdk/core:bootstrapQualifier': 'telnyxca' });
    const statements = identityStatements(Template.fromStack(stacks.gitHubDeploy!).toJSON()).map(({ statement }) => statement.Resource);

    // Assess
    expect(statements).toEqual([[bootstrapRole('telnyxca', 'deploy-role'), bootstrapRole('telnyxca', 'file-publishing-role')]]);
  });

  it('may do one thing: assume the deploy and file-publishing roles of the CDK bootstrap, in its account and region', () => {
    // Act
    const statements = identityStatements(template.toJSON()).map(({ statement }) => statement);

    // Assess
    expect(statements).toEqual([{ Sid: 'AssumeCdkBootstrapRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: bootstrapRoles }]);
    assertResource(template, 'AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('outputs the role ARN that the AWS_DEPLOY_ROLE_ARN repository variable takes', () => {
    // Prepare
    const roleId = Object.keys(template.findResources('AWS::IAM::Role'))[0]!;

    // Act
    const outputs = template.findOutputs('DeployRoleArn');

    // Assess
    expect(outputs.DeployRoleArn?.Value).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  it('reuses an existing GitHub provider instead of creating a second one', () => {
    // Prepare
    const existing = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

    // Act
    const { stacks } = buildApp({ githubRepository: 'octo-org/telnyx-cost-alert', githubOidcProviderArn: existing });
    const reusing = Template.fromStack(stacks.gitHubDeploy!);

    // Assess
    assertResourceCount(reusing, 'AWS::IAM::OIDCProvider', 0);
    assertResource(reusing, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Federated: existing } })] },
    });
  });

  it('is left out of the app when githubRepository is not given', () => {
    // Act
    const { app, stacks } = buildApp({ ...EXAMPLE_CONTEXT });

    // Assess
    expect(stacks.gitHubDeploy).toBeUndefined();
    expect(app.node.children.map((child) => child.node.id)).toEqual(['TelnyxCostAlert']);
  });
});
