import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { ContextError, readAlertRoutes } from '../../lib/stack-context';
import { assertResource, assertResourceCount } from './template-assertions';
import { identityStatements, regionalArn } from './template-policies';
import { buildApp, CHAT_CHANNELS, EXAMPLE_CONTEXT, SLACK_CHANNEL, TEAMS_CHANNEL, templatesOf } from './synthesize';

const KEY_ARN = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const templateOf = (context: Record<string, unknown>): Template => templatesOf({ ...EXAMPLE_CONTEXT, ...context }).costAlert;
const TOPIC = { Ref: Match.stringLikeRegexp('^AlertsTopic') };

describe('chat channels (AWS Chatbot)', () => {
  it('subscribes a Slack and a Teams channel to the alert topic, guarded by deny-all, logging errors only', () => {
    // Act
    const template = templateOf(CHAT_CHANNELS);

    // Assess
    const common = {
      SnsTopicArns: [TOPIC],
      GuardrailPolicies: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSDenyAll']] }],
      LoggingLevel: 'ERROR',
      UserRoleRequired: false,
    };
    assertResource(template, 'AWS::Chatbot::SlackChannelConfiguration', {
      ...common,
      ConfigurationName: 'TelnyxCostAlert-slack',
      SlackWorkspaceId: 'T0123ABCDEF',
      SlackChannelId: 'C0123ABCDEF',
    });
    assertResource(template, 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      ...common,
      ConfigurationName: 'TelnyxCostAlert-teams',
      TeamsTenantId: TEAMS_CHANNEL.teamsTenantId,
      TeamId: TEAMS_CHANNEL.teamsTeamId,
      // Chatbot wants the id URL-encoded; the copied 19:...@thread.tacv2 form is encoded for it.
      TeamsChannelId: '19%3A0123abcd%40thread.tacv2',
    });
  });

  it('gives the channels a role trusted by Chatbot with no permission at all', () => {
    // Act
    const template = templateOf({ ...SLACK_CHANNEL });

    // Assess
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'chatbot.amazonaws.com' } })] } },
    });
    const [roleId, role] = Object.entries(roles)[0] ?? [];
    expect(Object.keys(roles)).toHaveLength(1);
    expect(role?.['Properties']).not.toHaveProperty('Policies');
    expect(role?.['Properties']).not.toHaveProperty('ManagedPolicyArns');
    expect(
      identityStatements(template.toJSON()).filter(({ holder, statement }) => holder === roleId || JSON.stringify(statement).includes(roleId ?? '-')),
    ).toEqual([]);
  });

  it('creates no chat resources without the context keys', () => {
    // Act
    const template = templateOf({});

    // Assess
    assertResourceCount(template, 'AWS::Chatbot::SlackChannelConfiguration', 0);
    assertResourceCount(template, 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 0);
  });
});

describe('the chat and relay context keys', () => {
  const read = (context: Record<string, unknown>) => () => readAlertRoutes((key) => context[key]);

  it.each([
    [{ slackWorkspaceId: 'T0123ABCDEF' }, 'slackChannelId: is not set, but slackWorkspaceId is: a channel needs slackWorkspaceId, slackChannelId together'],
    [{ ...SLACK_CHANNEL, slackWorkspaceId: 'my-workspace' }, 'slackWorkspaceId: "my-workspace" is not a Slack workspace id like T0123ABCDEF'],
    [{ ...SLACK_CHANNEL, slackChannelId: '#alerts' }, 'slackChannelId: "#alerts" is not a Slack channel id like C0123ABCDEF'],
    [{ ...TEAMS_CHANNEL, teamsTeamId: 'team' }, 'teamsTeamId: "team" is not an id like 01234567-89ab-cdef-0123-456789abcdef'],
    [{ ...TEAMS_CHANNEL, teamsChannelId: 'General' }, 'teamsChannelId: "General" is not a Teams channel id like 19:0123abcd@thread.tacv2'],
    [{ destinations: 'yes' }, 'destinations: "yes" is not true or false'],
    [{ destinationsParameter: '/acme/destinations' }, 'destinationsParameter: is set but destinations is not true'],
    [{ destinations: 'true', destinationsParameter: 'acme/destinations' }, 'destinationsParameter: "acme/destinations" must start with "/"'],
    [{ destinations: 'true', destinationsKmsKeyArn: 'alias/aws/ssm' }, 'destinationsKmsKeyArn: "alias/aws/ssm" is not a KMS key ARN'],
  ])('refuses %j with one line naming the key', (context, message) => {
    // Assess
    expect(read(context)).toThrow(ContextError);
    expect(read(context)).toThrow(message);
  });

  it('reads the relay with its default parameter, and no chat without keys', () => {
    // Assess
    expect(readAlertRoutes((key) => ({ destinations: 'true' })[key])).toEqual({ relay: { destinationsParameter: '/telnyx-cost-alert/destinations' } });
    expect(readAlertRoutes(() => undefined)).toEqual({});
  });
});

describe('the alert relay', () => {
  const relayContext = { destinations: 'true' };

  it('is deployed only with destinations=true: no function, no subscription otherwise', () => {
    // Act
    const without = templateOf({});
    const withRelay = templateOf(relayContext);

    // Assess
    assertResourceCount(without, 'AWS::Lambda::Function', 1);
    without.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'lambda' }, 0);
    assertResourceCount(withRelay, 'AWS::Lambda::Function', 2);
    assertResource(withRelay, 'AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: TOPIC,
      Endpoint: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertRelayFunction'), 'Arn'] },
    });
    assertResource(withRelay, 'AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com', SourceArn: TOPIC });
  });

  it('tells the relay its parameters and ledger table, and nothing secret', () => {
    // Act
    const template = templateOf(relayContext);

    // Assess
    assertResource(template, 'AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: {
        Variables: {
          DESTINATIONS_PARAMETER: '/telnyx-cost-alert/destinations',
          TELNYX_API_KEY_PARAMETER: '/telnyx-cost-alert/api-key',
          ALERT_LEDGER_TABLE: { Ref: Match.stringLikeRegexp('^Ledger') },
          POWERTOOLS_SERVICE_NAME: 'telnyx-cost-alert-relay',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('lets the relay read its two parameters and its own ledger items, send failed events to its queue, and nothing else (no sns:Publish)', () => {
    // Act
    const template = templateOf(relayContext);
    const statements = identityStatements(template.toJSON()).filter(({ holder }) => holder.startsWith('AlertRelayRole'));

    // Assess
    expect(statements.map(({ statement }) => statement.Sid ?? statement.Action)).toEqual([
      'WriteOwnLogs',
      ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
      'ReadDestinations',
      'ReadApiKeyForTelnyxSms',
      'RememberDeliveries',
    ]);
    const bySid = (sid: string) => statements.find(({ statement }) => statement.Sid === sid)?.statement;
    expect(bySid('ReadDestinations')).toMatchObject({ Action: 'ssm:GetParameter', Resource: regionalArn('ssm', 'parameter/telnyx-cost-alert/destinations') });
    expect(bySid('ReadApiKeyForTelnyxSms')).toMatchObject({ Action: 'ssm:GetParameter', Resource: regionalArn('ssm', 'parameter/telnyx-cost-alert/api-key') });
    expect(bySid('RememberDeliveries')).toMatchObject({
      Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Ledger/), 'Arn'] },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['relay|*'] } },
    });
    expect(JSON.stringify(statements)).not.toMatch(/sns:|kms:/);
  });

  it('decrypts customer-key parameters only through SSM, each key for its own parameter', () => {
    // Act
    const template = templateOf({ ...relayContext, destinationsKmsKeyArn: KEY_ARN, apiKeyKmsKeyArn: KEY_ARN });
    const statements = identityStatements(template.toJSON()).filter(({ holder }) => holder.startsWith('AlertRelayRole'));
    const bySid = (sid: string) => statements.find(({ statement }) => statement.Sid === sid)?.statement;

    // Assess
    const through = (parameter: string) => ({
      Action: 'kms:Decrypt',
      Resource: KEY_ARN,
      Condition: {
        StringEquals: {
          'kms:ViaService': { 'Fn::Join': ['', ['ssm.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
          'kms:EncryptionContext:PARAMETER_ARN': regionalArn('ssm', parameter),
        },
      },
    });
    expect(bySid('DecryptDestinationsThroughSsm')).toMatchObject(through('parameter/telnyx-cost-alert/destinations'));
    expect(bySid('DecryptApiKeyThroughSsm')).toMatchObject(through('parameter/telnyx-cost-alert/api-key'));
  });

  it('retries a failed invocation twice, then puts the event in a queue that an alarm watches', () => {
    // Act
    const template = templateOf(relayContext);

    // Assess
    assertResource(template, 'AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^AlertRelayFunction') },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertRelayFailedDeliveries'), 'Arn'] } } },
    });
    assertResource(template, 'AWS::CloudWatch::Alarm', {
      AlarmName: 'TelnyxCostAlert-alert-relay-undelivered',
      MetricName: 'NumberOfMessagesSent',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertRelayFailedDeliveries'), 'QueueName'] } }],
      Threshold: 1,
      AlarmActions: Match.arrayWith([TOPIC]),
    });
    assertResource(template, 'AWS::CloudWatch::Alarm', {
      AlarmName: 'TelnyxCostAlert-alert-relay-failed',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^AlertRelayFunction') } }],
      AlarmActions: Match.arrayWith([TOPIC]),
    });
  });

  it('bundles the relay handler with esbuild', () => {
    // Act
    const { app } = buildApp({ ...EXAMPLE_CONTEXT, ...relayContext }, { bundle: true });
    const assembly = app.synth();

    // Assess: one bundle per function, each a script and its source map
    const bundles = readdirSync(assembly.directory).filter((entry) => entry.startsWith('asset.'));
    expect(bundles).toHaveLength(2);
    for (const bundle of bundles) expect(readdirSync(path.join(assembly.directory, bundle)).sort()).toEqual(['index.js', 'index.js.map']);
  });
});
