import { Match, Template } from 'aws-cdk-lib/assertions';
import { asList, identityStatements, regionalArn, resourcePolicyStatements } from './template-policies';
import { assertResource, assertResourceCount, assertResourceDefinition } from './template-assertions';
import { buildApp, EXAMPLE_CONTEXT } from './synthesize';

const templateOf = (context: Record<string, unknown>): Template => Template.fromStack(buildApp(context).stacks.costAlert);

const onlyLogicalId = (template: Template, type: string, props: Record<string, unknown> = {}): string => {
  const ids = Object.keys(template.findResources(type, props));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('CostAlertStack with the example context (two emails, one SMS number)', () => {
  let template: Template;
  let functionId: string;
  let topicId: string;
  let keyId: string;
  let tableId: string;
  let queueId: string;
  let alarmSmsTopicId: string;

  beforeAll(() => {
    template = templateOf({ ...EXAMPLE_CONTEXT });
    functionId = onlyLogicalId(template, 'AWS::Lambda::Function');
    topicId = onlyLogicalId(template, 'AWS::SNS::Topic', { Properties: { DisplayName: 'Telnyx cost alert' } });
    keyId = onlyLogicalId(template, 'AWS::KMS::Key');
    tableId = onlyLogicalId(template, 'AWS::DynamoDB::Table');
    queueId = onlyLogicalId(template, 'AWS::SQS::Queue');
    alarmSmsTopicId = onlyLogicalId(template, 'AWS::SNS::Topic', { Properties: { DisplayName: 'Telnyx cost alarm' } });
  });

  describe('the schedule', () => {
    it('invokes the check every 15 minutes in UTC, retrying twice into a dead-letter queue', () => {
      // Assess
      assertResourceCount(template, 'AWS::Scheduler::Schedule', 2);
      assertResource(template, 'AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(15 minutes)',
        ScheduleExpressionTimezone: 'UTC',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        },
      });
    });

    it('keeps the dead-letter queue encrypted and TLS-only', () => {
      // Assess
      assertResource(template, 'AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
      assertResource(template, 'AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    });
  });

  describe('the function', () => {
    it('runs Node.js 22 or newer on arm64 with the sized timeout and memory', () => {
      // Prepare
      const properties = template.findResources('AWS::Lambda::Function')[functionId]!.Properties as {
        Runtime: string;
      };

      // Assess
      expect(properties.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      assertResource(template, 'AWS::Lambda::Function', {
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: 120,
        MemorySize: 256,
      });
    });

    it('gets exactly the environment of the check’s contract (plus the source-map switch), no API key', () => {
      // Assess
      assertResource(template, 'AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectEquals({
            TELNYX_API_KEY_PARAMETER: '/telnyx-cost-alert/api-key',
            THRESHOLDS_PATH: '/telnyx-cost-alert/thresholds',
            ALERT_TOPIC_ARN: { Ref: topicId },
            ALERT_LEDGER_TABLE: { Ref: tableId },
            TIME_ZONE: 'UTC',
            LATE_USAGE_HOURS: '6',
            POWERTOOLS_SERVICE_NAME: 'telnyx-cost-alert',
            POWERTOOLS_METRICS_NAMESPACE: 'TelnyxCostAlert',
            NODE_OPTIONS: '--enable-source-maps',
          }),
        },
      });
      assertResourceCount(template, 'AWS::SSM::Parameter', 0);
    });

    it('logs to its own log group, kept for a month', () => {
      // Prepare
      const logGroupId = onlyLogicalId(template, 'AWS::Logs::LogGroup');

      // Assess
      assertResourceDefinition(template, 'AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Retain' });
      assertResource(template, 'AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: logGroupId } } });
    });

    it('leaves the retry of a failed run to the next scheduled run', () => {
      // Assess
      assertResource(template, 'AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionId },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 900,
      });
    });
  });

  describe('IAM', () => {
    it('gives the check exactly these statements, each on its own resource', () => {
      // Prepare
      const roleId = (template.findResources('AWS::Lambda::Function')[functionId]!.Properties as { Role: { 'Fn::GetAtt': [string] } }).Role['Fn::GetAtt'][0];
      const logGroupId = onlyLogicalId(template, 'AWS::Logs::LogGroup');

      // Act
      const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
      const statements = Object.values(policies).flatMap(
        (policy) => (policy.Properties as { PolicyDocument: { Statement: unknown[] } }).PolicyDocument.Statement,
      );

      // Assess
      assertResource(template, 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
        ManagedPolicyArns: Match.absent(),
      });
      expect(statements).toEqual([
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
        },
        {
          Sid: 'ReadThresholds',
          Effect: 'Allow',
          Action: 'ssm:GetParametersByPath',
          Resource: [regionalArn('ssm', 'parameter/telnyx-cost-alert/thresholds'), regionalArn('ssm', 'parameter/telnyx-cost-alert/thresholds/*')],
        },
        {
          Sid: 'ReadApiKey',
          Effect: 'Allow',
          Action: 'ssm:GetParameter',
          Resource: regionalArn('ssm', 'parameter/telnyx-cost-alert/api-key'),
        },
        { Sid: 'PublishAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topicId } },
        {
          Sid: 'EncryptAlertsForTheTopic',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
          // Only through SNS: the function cannot use the topic key directly.
          Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['sns.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
        },
        {
          Sid: 'UseTheLedger',
          Effect: 'Allow',
          Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
        },
      ]);
    });

    it('has no wildcard action and no "*" resource in any identity policy of the stack', () => {
      // Act
      const statements = identityStatements(template.toJSON());
      const wildcardActions = statements.filter(({ statement }) => asList(statement.Action).some((action) => action.includes('*')));
      const starResources = statements.filter(({ statement }) => asList(statement.Resource).includes('*'));

      // Assess
      expect(statements.length).toBeGreaterThanOrEqual(8);
      expect(wildcardActions).toEqual([]);
      expect(starResources).toEqual([]);
    });

    it('allows nothing by wildcard in the topic and queue policies', () => {
      // Act
      const allows = resourcePolicyStatements(template.toJSON()).filter(({ statement }) => statement.Effect === 'Allow');

      // Assess
      expect(allows.length).toBeGreaterThan(0);
      for (const { statement } of allows) {
        expect(asList(statement.Action).filter((action) => action.includes('*'))).toEqual([]);
        expect(asList(statement.Resource)).not.toContain('*');
      }
    });

    it('lets the scheduler invoke only the check and write only to its dead-letter queue', () => {
      // Assess
      assertResource(template, 'AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: 'lambda:InvokeFunction',
              Resource: [{ 'Fn::GetAtt': [functionId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [functionId, 'Arn'] }, ':*']] }],
            },
            { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } },
          ],
        },
      });
    });
  });

  describe('the alert topic', () => {
    it("is encrypted with a rotating customer-managed key, tagged as the app's, that alarms (this account) and EventBridge may use", () => {
      // Assess
      assertResource(template, 'AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
      assertResourceDefinition(template, 'AWS::KMS::Key', {
        Properties: {
          EnableKeyRotation: true,
          PendingWindowInDays: 7,
          // The execution policy manages only keys carrying this tag (value: the stack name).
          Tags: [{ Key: 'telnyx-cost-alert', Value: 'TelnyxCostAlert' }],
          KeyPolicy: {
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
                Action: 'kms:*',
                Resource: '*',
              },
              {
                Sid: 'AllowCloudWatchAlarmsToUseTheKey',
                Effect: 'Allow',
                Principal: { Service: 'cloudwatch.amazonaws.com' },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
                Resource: '*',
                Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
              },
              // The form AWS documents for EventBridge targets on encrypted topics: SNS does not support
              // aws:SourceAccount or aws:SourceArn in the key policy for EventBridge deliveries.
              {
                Sid: 'AllowEventBridgeToUseTheKey',
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
                Resource: '*',
              },
            ],
          },
        },
        DeletionPolicy: 'Delete',
      });
    });

    it('refuses publishing without TLS, and lets CloudWatch alarms of this account publish', () => {
      // Assess
      assertResource(template, 'AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topicId }],
        PolicyDocument: {
          Statement: [
            {
              Sid: 'AllowPublishThroughSSLOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sns:Publish',
              Resource: { Ref: topicId },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
            {
              Sid: 'AllowCloudWatchAlarmsToPublish',
              Effect: 'Allow',
              Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
              Action: 'sns:Publish',
              Resource: { Ref: topicId },
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
          ],
        },
      });
    });

    it('subscribes both emails to everything and the SMS number to critical and error only (never info: no digest by SMS)', () => {
      // Assess
      assertResourceCount(template, 'AWS::SNS::Subscription', 4);
      for (const email of ['a@example.com', 'b@example.com']) {
        assertResource(template, 'AWS::SNS::Subscription', {
          Protocol: 'email',
          Endpoint: email,
          TopicArn: { Ref: topicId },
          FilterPolicy: Match.absent(),
        });
      }
      assertResource(template, 'AWS::SNS::Subscription', {
        Protocol: 'sms',
        Endpoint: '+15555550100',
        TopicArn: { Ref: topicId },
        FilterPolicy: { severity: ['critical', 'error'] },
      });
    });
  });

  describe('the ledger table', () => {
    it('is keyed by pk, expires items at expiresAt, bills per request and goes with the stack', () => {
      // Assess
      assertResourceDefinition(template, 'AWS::DynamoDB::Table', {
        Properties: {
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          BillingMode: 'PAY_PER_REQUEST',
        },
        DeletionPolicy: 'Delete',
      });
    });
  });

  describe('the alarms watching the watcher', () => {
    it('alarms on any function error and tells the operators once (no flapping between runs), with no OK action', () => {
      // Assess
      assertResource(template, 'AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'ignore',
        AlarmActions: [{ Ref: topicId }, { Ref: alarmSmsTopicId }],
        OKActions: Match.absent(),
      });
    });

    it('alarms when no check completes for two scheduled periods, counting missing data as breaching', () => {
      // Assess
      assertResource(template, 'AWS::CloudWatch::Alarm', {
        Namespace: 'TelnyxCostAlert',
        MetricName: 'ChecksCompleted',
        Dimensions: [{ Name: 'service', Value: 'telnyx-cost-alert' }],
        Statistic: 'Sum',
        Period: 900,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
        AlarmActions: [{ Ref: topicId }, { Ref: alarmSmsTopicId }],
      });
    });

    it('alarms on each new event in the dead-letter queue (messages sent, not the depth that stays up until a purge)', () => {
      // Assess
      assertResource(template, 'AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'NumberOfMessagesSent',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId }, { Ref: alarmSmsTopicId }],
        OKActions: Match.absent(),
      });
      assertResourceCount(template, 'AWS::CloudWatch::Alarm', 3);
      expect(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ApproximateNumberOfMessagesVisible' } })).toEqual({});
    });

    it('has no OK action on any alarm, so a deploy (INSUFFICIENT_DATA -> OK) mails nobody', () => {
      // Act
      const withOkActions = template.findResources('AWS::CloudWatch::Alarm', { Properties: { OKActions: Match.anyValue() } });

      // Assess
      expect(Object.keys(withOkActions)).toEqual([]);
    });

    it('sends a recovered notice only on ALARM -> OK of the errors and checks-stopped alarms, to email and SMS topics', () => {
      // Prepare
      const errorsId = onlyLogicalId(template, 'AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Errors' } });
      const stoppedId = onlyLogicalId(template, 'AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ChecksCompleted' } });

      // Assess
      assertResourceCount(template, 'AWS::Events::Rule', 1);
      assertResource(template, 'AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          resources: [{ 'Fn::GetAtt': [errorsId, 'Arn'] }, { 'Fn::GetAtt': [stoppedId, 'Arn'] }],
          detail: { state: { value: ['OK'] }, previousState: { value: ['ALARM'] } },
        },
        Targets: [
          Match.objectLike({
            Arn: { Ref: topicId },
            InputTransformer: Match.objectLike({ InputTemplate: Match.stringLikeRegexp('Recovered: the alarm <detail-alarmName> is OK again') }),
          }),
          Match.objectLike({
            Arn: { Ref: alarmSmsTopicId },
            InputTransformer: Match.objectLike({ InputTemplate: '"Telnyx cost alert: <detail-alarmName> is OK again."' }),
          }),
        ],
      });
    });
  });

  describe('alarms by SMS (smsAlarms, on by default)', () => {
    it('subscribes the SMS numbers without a filter to a second topic under the same key, which only alarms publish to', () => {
      // Assess
      assertResource(template, 'AWS::SNS::Topic', { DisplayName: 'Telnyx cost alarm', KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
      assertResource(template, 'AWS::SNS::Subscription', {
        Protocol: 'sms',
        Endpoint: '+15555550100',
        TopicArn: { Ref: alarmSmsTopicId },
        FilterPolicy: Match.absent(),
      });
      expect(Object.keys(template.findResources('AWS::SNS::Subscription', { Properties: { TopicArn: { Ref: alarmSmsTopicId } } }))).toHaveLength(1);
      assertResource(template, 'AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: alarmSmsTopicId }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowPublishThroughSSLOnly', Effect: 'Deny' })]) },
      });
    });

    it('gives the function no access to the alarm SMS topic (alerts go through the filtered topic only)', () => {
      // Act
      const grants = identityStatements(template.toJSON()).filter(({ statement }) => JSON.stringify(statement.Resource).includes(alarmSmsTopicId));

      // Assess
      expect(grants).toEqual([]);
    });
  });
});

describe('CostAlertStack with custom context', () => {
  it('runs a cron in the given time zone, and the check counts days in that zone too', () => {
    // Prepare
    const context = { schedule: 'cron(0/5 * * * ? *)', timeZone: 'Europe/Berlin' };

    // Act
    const template = templateOf(context);

    // Assess
    assertResource(template, 'AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0/5 * * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: { RetryPolicy: { MaximumEventAgeInSeconds: 300 } },
    });
    assertResource(template, 'AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TIME_ZONE: 'Europe/Berlin' }) },
    });
    assertResource(template, 'AWS::CloudWatch::Alarm', {
      MetricName: 'ChecksCompleted',
      Period: 300,
      EvaluationPeriods: 2,
    });
  });

  it('watches a daily check over one day, and caps the async event age at Lambda’s six hours', () => {
    // Act
    const template = templateOf({ schedule: 'rate(1 day)' });

    // Assess
    assertResource(template, 'AWS::CloudWatch::Alarm', {
      MetricName: 'ChecksCompleted',
      Period: 86_400,
      EvaluationPeriods: 1,
      TreatMissingData: 'breaching',
    });
    assertResource(template, 'AWS::Lambda::EventInvokeConfig', { MaximumEventAgeInSeconds: 21_600 });
    assertResource(template, 'AWS::Scheduler::Schedule', {
      Target: { RetryPolicy: { MaximumEventAgeInSeconds: 86_400 } },
    });
  });

  it('reads other parameter names, and decrypts only with the named key when one is given', () => {
    // Prepare
    const keyArn = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const context = { thresholdsPath: '/acme/telnyx/limits', apiKeyParameter: 'telnyx-key', apiKeyKmsKeyArn: keyArn };

    // Act
    const template = templateOf(context);

    // Assess
    assertResource(template, 'AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ THRESHOLDS_PATH: '/acme/telnyx/limits', TELNYX_API_KEY_PARAMETER: 'telnyx-key' }),
      },
    });
    assertResource(template, 'AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ReadThresholds',
            Resource: [regionalArn('ssm', 'parameter/acme/telnyx/limits'), regionalArn('ssm', 'parameter/acme/telnyx/limits/*')],
          }),
          Match.objectLike({ Sid: 'ReadApiKey', Resource: regionalArn('ssm', 'parameter/telnyx-key') }),
        ]),
      },
    });
  });

  it('deploys without subscribers, with a warning that alerts reach nobody', () => {
    // Act
    const { stacks } = buildApp({});
    const template = Template.fromStack(stacks.costAlert);
    const warnings = stacks.costAlert.node.metadata.filter((entry) => entry.type === 'aws:cdk:warning');

    // Assess
    assertResourceCount(template, 'AWS::SNS::Subscription', 0);
    expect(warnings.map((entry) => String(entry.data))).toEqual([expect.stringContaining('Neither alertEmails nor alertSmsNumbers is set')]);
  });

  it('warns when checks run less often than lateUsageHours, so some ended days would never be checked again', () => {
    // Prepare
    const warningsOf = (context: Record<string, unknown>) =>
      buildApp({ ...EXAMPLE_CONTEXT, ...context })
        .stacks.costAlert.node.metadata.filter((entry) => entry.type === 'aws:cdk:warning')
        .map((entry) => String(entry.data));

    // Act
    const daily = warningsOf({ schedule: 'rate(1 day)' });
    const twelveHours = warningsOf({ schedule: 'rate(12 hours)', lateUsageHours: '12' });
    const eightHours = warningsOf({ schedule: 'rate(8 hours)' });
    const defaults = warningsOf({});
    const off = warningsOf({ schedule: 'rate(1 day)', lateUsageHours: '0' });

    // Assess
    expect(daily).toEqual([
      expect.stringMatching(/^lateUsageHours=6 is shorter than the 1440 minutes between checks: .* Set lateUsageHours to 24, or check more often\./),
    ]);
    expect(twelveHours).toEqual([]);
    expect(eightHours).toEqual([expect.stringContaining('Set lateUsageHours to 8 or more (up to 24), or check more often.')]);
    expect(defaults).toEqual([]);
    expect(off).toEqual([]);
  });
});
