/**
 * The chat channels and the relay against the deploy-time policies, from the synthesized templates: every resource
 * type they add is covered by the execution policy's chat-and-relay part (with the execution policy itself), the
 * names and principals the template uses are the ones that part is scoped to, and the relay's role is granted
 * nothing the boundary does not allow. The IAM simulation (policy-simulation.test.ts) judges the same policies on
 * concrete requests.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_POLICY_NAMES, readPolicyFile } from '../../lib/deploy-policies';
import { buildApp, CHAT_CHANNELS, EXAMPLE_CONTEXT } from './synthesize';
import { asList, identityStatements } from './template-policies';

interface Statement {
  readonly Sid: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: unknown;
}
const statementsOf = (kind: 'boundary' | 'execution' | 'destinations'): Statement[] => (readPolicyFile(kind) as { Statement: Statement[] }).Statement;

const KEY_ARN = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROUTES = {
  destinations: 'true',
  destinationsKmsKeyArn: KEY_ARN,
  ...CHAT_CHANNELS,
};
const BASE = { ...EXAMPLE_CONTEXT, apiKeyKmsKeyArn: KEY_ARN, permissionsBoundary: DEFAULT_POLICY_NAMES.boundaryName };

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
const synthesize = (context: Record<string, unknown>) => Template.fromStack(buildApp(context).stacks.costAlert).toJSON() as { Resources: Resources };
const withRoutes = synthesize({ ...BASE, ...ROUTES });
const withoutRoutes = synthesize(BASE);
const typesOf = (resources: Resources) => new Set(Object.values(resources).map((resource) => resource.Type));
const ofType = (type: string) => Object.entries(withRoutes.Resources).filter(([, resource]) => resource.Type === type);

/**
 * What CloudFormation must be allowed to do for each resource type the chat channels and the relay add (its resource
 * handlers' create, read, update and delete permissions). A new type fails the first test until it is listed here.
 */
const PERMISSIONS_BY_ADDED_TYPE: Record<string, readonly string[]> = {
  'AWS::Lambda::Permission': ['lambda:AddPermission', 'lambda:RemovePermission', 'lambda:GetPolicy'],
  'AWS::Chatbot::SlackChannelConfiguration': [
    'chatbot:CreateSlackChannelConfiguration',
    'chatbot:DescribeSlackChannelConfigurations',
    'chatbot:UpdateSlackChannelConfiguration',
    'chatbot:DeleteSlackChannelConfiguration',
    'chatbot:ListAssociations',
    'chatbot:TagResource',
    'chatbot:UntagResource',
    'chatbot:ListTagsForResource',
    'iam:PassRole',
    'iam:CreateServiceLinkedRole',
  ],
  'AWS::Chatbot::MicrosoftTeamsChannelConfiguration': [
    'chatbot:CreateMicrosoftTeamsChannelConfiguration',
    'chatbot:GetMicrosoftTeamsChannelConfiguration',
    'chatbot:UpdateMicrosoftTeamsChannelConfiguration',
    'chatbot:DeleteMicrosoftTeamsChannelConfiguration',
    'chatbot:ListMicrosoftTeamsChannelConfigurations',
    'chatbot:ListAssociations',
    'chatbot:TagResource',
    'chatbot:UntagResource',
    'chatbot:ListTagsForResource',
    'iam:PassRole',
    'iam:CreateServiceLinkedRole',
  ],
};

const allows = (statements: readonly Statement[], action: string): boolean =>
  statements.some((statement) =>
    asList(statement.Action).some((pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(action)),
  );

describe("the execution policy's chat-and-relay part (.github/cdk-execution-policy-destinations.json)", () => {
  const both = [...statementsOf('execution'), ...statementsOf('destinations')];

  it('knows every resource type the chat channels and the relay add', () => {
    // Act
    const before = typesOf(withoutRoutes.Resources);
    const added = [...typesOf(withRoutes.Resources)].filter((type) => !before.has(type)).sort();

    // Assess
    expect(added).toEqual(Object.keys(PERMISSIONS_BY_ADDED_TYPE).sort());
  });

  it.each(Object.entries(PERMISSIONS_BY_ADDED_TYPE))('covers %s, with the execution policy', (_type, actions) => {
    // Assess
    expect(actions.filter((action) => !allows(both, action))).toEqual([]);
    expect(actions.filter((action) => !allows(statementsOf('execution'), action))).not.toEqual([]);
  });

  it('names every action (no wildcard), and "*" only for actions that have no resource type', () => {
    // Prepare
    const statements = statementsOf('destinations');
    const starActions = statements.filter((statement) => asList(statement.Resource).includes('*')).flatMap((statement) => asList(statement.Action));

    // Assess
    expect(statements.flatMap((statement) => asList(statement.Action)).filter((action) => action.includes('*'))).toEqual([]);
    expect(starActions.sort()).toEqual([
      'chatbot:CreateMicrosoftTeamsChannelConfiguration',
      'chatbot:CreateSlackChannelConfiguration',
      'chatbot:DescribeSlackChannelConfigurations',
      'chatbot:GetMicrosoftTeamsChannelConfiguration',
      'chatbot:ListMicrosoftTeamsChannelConfigurations',
      'chatbot:ListTagsForResource',
    ]);
  });

  it("lets only SNS invoke the stack's functions, and passes the stack's roles only to Chatbot", () => {
    // Prepare
    const [permission] = ofType('AWS::Lambda::Permission');
    const passRole = statementsOf('destinations').find((statement) => asList(statement.Action).includes('iam:PassRole'));
    const addPermission = statementsOf('destinations').find((statement) => asList(statement.Action).includes('lambda:AddPermission'));

    // Assess
    expect(permission?.[1].Properties?.['Principal']).toBe('sns.amazonaws.com');
    expect(addPermission?.Condition).toEqual({ StringEquals: { 'lambda:Principal': 'sns.amazonaws.com' } });
    expect(passRole).toMatchObject({
      Resource: 'arn:aws:iam::*:role/TelnyxCostAlert*',
      Condition: { StringEquals: { 'iam:PassedToService': 'chatbot.amazonaws.com' } },
    });
  });

  it('scopes channel configurations to names the stack gives them: <stack name>-slack, <stack name>-teams', () => {
    // Prepare
    const manage = statementsOf('destinations').find((statement) => statement.Sid === 'ManageChatChannels');
    const names = [...ofType('AWS::Chatbot::SlackChannelConfiguration'), ...ofType('AWS::Chatbot::MicrosoftTeamsChannelConfiguration')].map(
      ([, resource]) => resource.Properties?.['ConfigurationName'],
    );

    // Assess
    expect(manage?.Resource).toBe('arn:aws:chatbot:*:*:chat-configuration/*/TelnyxCostAlert*');
    expect(names).toEqual(['TelnyxCostAlert-slack', 'TelnyxCostAlert-teams']);
  });

  it('fits in one IAM managed policy (6,144 characters without whitespace)', () => {
    // Assess
    expect(JSON.stringify(readPolicyFile('destinations')).length).toBeLessThanOrEqual(6144);
  });
});

describe("the permissions boundary and the routes' roles", () => {
  /** CDK's grant for an SQS on-failure destination adds these two reads; Lambda itself only calls SendMessage. */
  const UNUSED_QUEUE_READS = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];

  it("allows every action the relay's role is granted (but the two queue reads Lambda does not use)", () => {
    // Prepare: the relay role's policy (logical ids are pinned by logical-ids.test.ts)
    const granted = identityStatements(withRoutes)
      .filter(({ holder }) => holder.startsWith('AlertRelayRoleDefaultPolicy'))
      .flatMap(({ statement }) => asList(statement.Action));

    // Assess
    expect(granted).toEqual(expect.arrayContaining(['ssm:GetParameter', 'kms:Decrypt', 'dynamodb:PutItem', 'sqs:SendMessage']));
    expect([...new Set(granted)].filter((action) => !allows(statementsOf('boundary'), action) && !UNUSED_QUEUE_READS.includes(action))).toEqual([]);
  });

  it("sets the boundary on the relay's role and the channels' role, as the execution policy requires of every role", () => {
    // Act
    const roles = ofType('AWS::IAM::Role').map(([, resource]) => resource.Properties ?? {});

    // Assess
    expect(roles.length).toBeGreaterThanOrEqual(4);
    for (const role of roles) expect(JSON.stringify(role['PermissionsBoundary'])).toContain(`:policy/${DEFAULT_POLICY_NAMES.boundaryName}`);
  });
});
