import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { subscriberId } from '../../lib/alert-topic';
import { asList, identityStatements, regionalArn } from './template-policies';
import { assertResource } from './template-assertions';
import { buildApp, EXAMPLE_CONTEXT } from './synthesize';

const KEY_ARN = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const costAlertTemplate = (context: Record<string, unknown>): Template => Template.fromStack(buildApp(context).stacks.costAlert);

describe('decrypting the API key', () => {
  it('grants no kms:Decrypt at all without a customer key (aws/ssm needs no identity grant), so no key/* anywhere', () => {
    // Act
    const template = costAlertTemplate({ ...EXAMPLE_CONTEXT });
    const statements = identityStatements(template.toJSON());
    const decrypts = statements.filter(({ statement }) => asList(statement.Action).includes('kms:Decrypt'));

    // Assess: the one kms:Decrypt left is for the topic's own key (publishing to an encrypted topic).
    expect(decrypts.map(({ statement }) => statement.Sid)).toEqual(['EncryptAlertsForTheTopic']);
    expect(JSON.stringify(template.toJSON())).not.toContain(':key/*');
  });

  it('with apiKeyKmsKeyArn, decrypts with that key only, through SSM, only for the API-key parameter', () => {
    // Act
    const template = costAlertTemplate({ ...EXAMPLE_CONTEXT, apiKeyKmsKeyArn: KEY_ARN });
    const decrypt = identityStatements(template.toJSON()).find(({ statement }) => statement.Sid === 'DecryptApiKeyThroughSsm');

    // Assess
    expect(decrypt?.statement).toEqual({
      Sid: 'DecryptApiKeyThroughSsm',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: KEY_ARN,
      Condition: {
        StringEquals: {
          'kms:ViaService': { 'Fn::Join': ['', ['ssm.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
          'kms:EncryptionContext:PARAMETER_ARN': regionalArn('ssm', 'parameter/telnyx-cost-alert/api-key'),
        },
      },
    });
  });
});

describe('subscriber logical ids', () => {
  const contacts = { alertEmails: 'ops@example.com,b@example.com', alertSmsNumbers: '+15555550100,+15555550199' };
  const subscriptionIds = (context: Record<string, unknown>): string[] =>
    Object.keys(costAlertTemplate(context).findResources('AWS::SNS::Subscription')).sort();

  it('never spell out an email address or a phone number', () => {
    // Act
    const ids = subscriptionIds(contacts);

    // Assess
    expect(ids).toHaveLength(6);
    for (const id of ids) expect(id).not.toMatch(/ops|example|5555550100|5555550199/);
  });

  it('derive from a hash of the contact: the same list in another order gives the same ids', () => {
    // Act
    const reordered = subscriptionIds({ alertEmails: 'b@example.com,ops@example.com', alertSmsNumbers: '+15555550199,+15555550100' });

    // Assess
    expect(reordered).toEqual(subscriptionIds(contacts));
  });

  it("keep an existing subscriber's id when another contact is added", () => {
    // Act
    const before = subscriptionIds({ alertEmails: 'ops@example.com' });
    const after = subscriptionIds({ alertEmails: 'ops@example.com,new@example.com' });

    // Assess
    expect(after).toEqual(expect.arrayContaining(before));
    expect(before).toEqual([expect.stringMatching(new RegExp(`^Alerts${subscriberId('Email', 'ops@example.com')}[0-9A-F]{8}$`))]);
  });
});

describe('alarms by SMS, off', () => {
  it('smsAlarms=false sends alarms to the alert topic only, with no second topic', () => {
    // Act
    const template = costAlertTemplate({ ...EXAMPLE_CONTEXT, smsAlarms: 'false' });
    const topics = Object.keys(template.findResources('AWS::SNS::Topic'));

    // Assess
    expect(topics).toHaveLength(1);
    assertResource(template, 'AWS::CloudWatch::Alarm', { MetricName: 'Errors', AlarmActions: [{ Ref: topics[0] }] });
  });

  it('adds no alarm SMS topic when there are no SMS numbers', () => {
    // Act
    const template = costAlertTemplate({ alertEmails: 'a@example.com' });

    // Assess
    expect(Object.keys(template.findResources('AWS::SNS::Topic'))).toHaveLength(1);
  });
});

describe('the GitHub deploy role with a protected environment', () => {
  it('trusts repo:<owner>/<name>:environment:<name> instead of the main branch', () => {
    // Act
    const { stacks } = buildApp({ githubRepository: 'octo-org/telnyx-cost-alert', githubEnvironment: 'production' });
    const template = Template.fromStack(stacks.gitHubDeploy!);

    // Assess
    assertResource(template, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': 'repo:octo-org/telnyx-cost-alert:environment:production',
              },
            },
          }),
        ],
      },
    });
  });
});

describe('permissionsBoundary', () => {
  it('sets the named boundary on every role of both stacks', () => {
    // Act
    const { stacks } = buildApp({ ...EXAMPLE_CONTEXT, githubRepository: 'o/r', permissionsBoundary: 'telnyx-cost-alert-boundary' });
    const roles = [stacks.costAlert, stacks.gitHubDeploy!].flatMap((stack) => Object.values(Template.fromStack(stack).findResources('AWS::IAM::Role')));

    // Assess
    expect(roles.length).toBeGreaterThanOrEqual(3);
    for (const role of roles) {
      expect(JSON.stringify((role.Properties as { PermissionsBoundary?: unknown }).PermissionsBoundary)).toContain(':policy/telnyx-cost-alert-boundary');
    }
  });
});

interface PolicyDocument {
  readonly Statement: {
    Sid: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
  }[];
}
const readPolicy = (file: string): PolicyDocument => JSON.parse(readFileSync(path.join(__dirname, '../../.github', file), 'utf8')) as PolicyDocument;

/**
 * What CloudFormation must be allowed to do for each resource type the app synthesizes (create, update, delete
 * and read back). A new resource type fails the coverage test until it is listed here and in the policy file.
 */
const PERMISSIONS_BY_TYPE: Record<string, readonly string[]> = {
  'AWS::CDK::Metadata': [],
  'AWS::KMS::Key': ['kms:CreateKey', 'kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:EnableKeyRotation', 'kms:ScheduleKeyDeletion', 'kms:TagResource'],
  'AWS::SNS::Topic': ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:TagResource'],
  'AWS::SNS::TopicPolicy': ['sns:SetTopicAttributes', 'sns:GetTopicAttributes'],
  'AWS::SNS::Subscription': ['sns:Subscribe', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'],
  'AWS::DynamoDB::Table': [
    'dynamodb:CreateTable',
    'dynamodb:DeleteTable',
    'dynamodb:DescribeTable',
    'dynamodb:UpdateTable',
    'dynamodb:UpdateTimeToLive',
    'dynamodb:DescribeTimeToLive',
  ],
  'AWS::Logs::LogGroup': ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DescribeLogGroups', 'logs:TagResource'],
  'AWS::IAM::Role': [
    'iam:CreateRole',
    'iam:DeleteRole',
    'iam:GetRole',
    'iam:UpdateAssumeRolePolicy',
    'iam:TagRole',
    'iam:PassRole',
    'iam:PutRolePermissionsBoundary',
  ],
  'AWS::IAM::Policy': ['iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:GetRolePolicy'],
  'AWS::IAM::OIDCProvider': [
    'iam:CreateOpenIDConnectProvider',
    'iam:DeleteOpenIDConnectProvider',
    'iam:GetOpenIDConnectProvider',
    'iam:TagOpenIDConnectProvider',
  ],
  'AWS::Lambda::Function': [
    'lambda:CreateFunction',
    'lambda:DeleteFunction',
    'lambda:GetFunction',
    'lambda:UpdateFunctionCode',
    'lambda:UpdateFunctionConfiguration',
    'lambda:TagResource',
    's3:GetObject',
  ],
  'AWS::Lambda::EventInvokeConfig': [
    'lambda:PutFunctionEventInvokeConfig',
    'lambda:UpdateFunctionEventInvokeConfig',
    'lambda:DeleteFunctionEventInvokeConfig',
    'lambda:GetFunctionEventInvokeConfig',
  ],
  'AWS::SQS::Queue': ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:GetQueueAttributes', 'sqs:SetQueueAttributes', 'sqs:TagQueue'],
  'AWS::SQS::QueuePolicy': ['sqs:SetQueueAttributes'],
  'AWS::Scheduler::Schedule': ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule', 'scheduler:UpdateSchedule', 'iam:PassRole'],
  'AWS::CloudWatch::Alarm': ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms'],
  'AWS::CloudWatch::Dashboard': ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards', 'cloudwatch:GetDashboard'],
  'AWS::Events::Rule': ['events:PutRule', 'events:DeleteRule', 'events:DescribeRule', 'events:PutTargets', 'events:RemoveTargets'],
};

/** Every resource type of both stacks, over contexts that switch each optional part on. */
function synthesizedTypes(): string[] {
  const contexts: Record<string, unknown>[] = [
    { ...EXAMPLE_CONTEXT, githubRepository: 'o/r' },
    { ...EXAMPLE_CONTEXT, apiKeyKmsKeyArn: KEY_ARN, githubRepository: 'o/r', githubEnvironment: 'production', permissionsBoundary: 'b' },
    { digest: 'false', dashboard: 'false', smsAlarms: 'false' },
  ];
  const types = contexts.flatMap((context) => {
    const { stacks } = buildApp(context);
    return [stacks.costAlert, ...(stacks.gitHubDeploy ? [stacks.gitHubDeploy] : [])].flatMap((stack) =>
      Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>).map((resource) => resource.Type),
    );
  });
  return [...new Set(types)].sort();
}

const allows = (policy: PolicyDocument, action: string): boolean =>
  policy.Statement.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      asList(statement.Action).some((pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(action)),
  );

describe('the CloudFormation execution policy (.github/cdk-execution-policy.json)', () => {
  const policy = readPolicy('cdk-execution-policy.json');
  const types = synthesizedTypes();

  it('knows every resource type the app synthesizes', () => {
    // Assess
    expect(types.filter((type) => PERMISSIONS_BY_TYPE[type] === undefined)).toEqual([]);
    expect(types).toEqual(expect.arrayContaining(['AWS::Scheduler::Schedule', 'AWS::CloudWatch::Dashboard', 'AWS::Events::Rule', 'AWS::IAM::OIDCProvider']));
  });

  it.each(Object.entries(PERMISSIONS_BY_TYPE))('covers %s', (_type, actions) => {
    // Assess
    expect(actions.filter((action) => !allows(policy, action))).toEqual([]);
  });

  it('is least privilege: no wildcard action, roles only inside the boundary, no managed-policy attach, no data-plane access', () => {
    // Prepare
    const actions = policy.Statement.flatMap((statement) => asList(statement.Action));
    const createRole = policy.Statement.find((statement) => asList(statement.Action).includes('iam:CreateRole'));
    const passRole = policy.Statement.find((statement) => asList(statement.Action).includes('iam:PassRole'));
    const starResources = policy.Statement.filter((statement) => asList(statement.Resource).includes('*'));

    // Assess
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
    expect(actions).not.toEqual(expect.arrayContaining(['iam:AttachRolePolicy']));
    expect(actions.filter((action) => /^iam:(CreatePolicy|CreatePolicyVersion|DeleteRolePermissionsBoundary|CreateUser|PutUserPolicy)/.test(action))).toEqual(
      [],
    );
    expect(actions.filter((action) => /^(kms:(Decrypt|Encrypt|GenerateDataKey)|ssm:PutParameter|sts:AssumeRole)$/.test(action))).toEqual([]);
    expect(asList(createRole?.Action).sort()).toEqual(['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy']);
    expect(createRole?.Condition).toEqual({
      StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::${aws:PrincipalAccount}:policy/telnyx-cost-alert-boundary' },
    });
    expect(passRole?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'scheduler.amazonaws.com'] } });
    // Only actions without a resource type get "*": creating a key (which must carry the app's tag) and listing log groups.
    expect(starResources.map((statement) => [asList(statement.Action), statement.Condition])).toEqual([
      [['kms:CreateKey'], { StringEquals: { 'aws:RequestTag/telnyx-cost-alert': 'TelnyxCostAlert' } }],
      [['logs:DescribeIndexPolicies', 'logs:DescribeLogGroups'], undefined],
    ]);
  });

  it('fits in one IAM managed policy (6,144 characters without whitespace)', () => {
    // Act
    const size = JSON.stringify(policy).length;

    // Assess
    expect(size).toBeLessThanOrEqual(6144);
  });

  it("the permissions boundary allows what the stacks' roles are granted", () => {
    // Prepare
    const boundary = readPolicy('permissions-boundary.json');
    const { stacks } = buildApp({ ...EXAMPLE_CONTEXT, apiKeyKmsKeyArn: KEY_ARN, githubRepository: 'o/r' });
    const granted = [stacks.costAlert, stacks.gitHubDeploy!].flatMap((stack) =>
      identityStatements(Template.fromStack(stack).toJSON()).flatMap(({ statement }) => asList(statement.Action)),
    );

    // Assess
    expect(granted.length).toBeGreaterThan(10);
    expect([...new Set(granted)].filter((action) => !allows(boundary, action))).toEqual([]);
  });
});
