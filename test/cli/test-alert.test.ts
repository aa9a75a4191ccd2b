import 'aws-sdk-client-mock-jest';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListSubscriptionsByTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { CHECK_TIME, runCli } from './run-cli';

const sns = mockClient(SNSClient);
const cloudFormation = mockClient(CloudFormationClient);
const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:TelnyxCostAlert-AlertTopic-ABC';

beforeEach(() => {
  sns.reset();
  cloudFormation.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:sub-1`, Protocol: 'email', TopicArn: TOPIC }] });
});

describe('test-alert', () => {
  it('publishes one [TEST] message with email, SMS and default bodies and the attributes of a critical alert', async () => {
    // Act
    const run = await runCli(['test-alert', '--topic-arn', TOPIC]);

    // Assess: the exact command
    expect(run.exitCode).toBe(0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input).toEqual({
      TopicArn: TOPIC,
      Subject: '[TEST] Telnyx cost alert: test message (critical)',
      MessageStructure: 'json',
      Message: expect.any(String),
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'critical' },
        signal: { DataType: 'String', StringValue: 'test' },
        product: { DataType: 'String', StringValue: 'all' },
      },
    });
    const bodies = JSON.parse(input.Message!) as Record<string, string>;
    expect(Object.keys(bodies).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sms', 'sqs']);
    expect(bodies.email).toContain('This is a test message from telnyx-cost-alert, sent at 2026-11-26T14:00:00Z');
    expect(bodies.email).toContain('Nothing is wrong with your Telnyx spend.');
    expect(bodies.sms).toBe('Telnyx cost alert TEST (critical) at 2026-11-26T14:00:00Z: SMS alerts reach you. Nothing is wrong.');
    expect(bodies.default).toContain('TEST');
    expect(run.stdout).toBe(`Published a critical test message to ${TOPIC} (message id message-1).\n`);
    // The topic's own region, whatever AWS_REGION says
    expect(await sns.commandCalls(PublishCommand)[0]!.thisValue.config.region()).toBe('eu-central-1');
  });

  it('gives the relay and chat channels the bodies of a real alert: the machine payload and a custom notification', async () => {
    // Act
    await runCli(['test-alert', '--topic-arn', TOPIC]);

    // Assess
    const bodies = JSON.parse(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!) as Record<string, string>;
    expect(JSON.parse(bodies.lambda!)).toMatchObject({
      version: 1,
      severity: 'critical',
      signal: 'test',
      product: 'all',
      alertKey: 'test|2026-11-26T14:00:00Z',
      subject: '[TEST] Telnyx cost alert: test message (critical)',
      sms: 'Telnyx cost alert TEST (critical) at 2026-11-26T14:00:00Z: SMS alerts reach you. Nothing is wrong.',
    });
    expect(bodies.sqs).toBe(bodies.lambda);
    expect(JSON.parse(bodies.https!)).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: { title: '[TEST] Telnyx cost alert: test message (critical)' },
    });
  });

  it('sends the severity given', async () => {
    // Act
    const run = await runCli(['test-alert', '--topic-arn', TOPIC, '--severity', 'warning']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      Subject: '[TEST] Telnyx cost alert: test message (warning)',
      MessageAttributes: expect.objectContaining({ severity: { DataType: 'String', StringValue: 'warning' } }),
    });
  });

  it('finds the topic in the stack output AlertTopicArn with --stack', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand, { StackName: 'MyAlerts' }).resolves({
      Stacks: [
        {
          StackName: 'MyAlerts',
          CreationTime: new Date(CHECK_TIME),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'CheckFunctionName', OutputValue: 'fn' },
            { OutputKey: 'AlertTopicArn', OutputValue: TOPIC },
          ],
        },
      ],
    });

    // Act
    const run = await runCli(['test-alert', '--stack', 'MyAlerts']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(cloudFormation).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'MyAlerts' });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC });
    expect(run.stderr).toContain(`Topic from stack MyAlerts: ${TOPIC}`);
  });

  it('says what to pass when the stack does not exist, and publishes nothing', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id TelnyxCostAlert does not exist'), { name: 'ValidationError' }));

    // Act: no --stack means the default stack name
    const run = await runCli(['test-alert']);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(cloudFormation).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'TelnyxCostAlert' });
    expect(run.stderr).toContain('error: stack TelnyxCostAlert does not exist in this account and region: pass --stack with the name you deployed');
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('reports a refused publish with exit code 1', async () => {
    // Prepare
    sns.on(PublishCommand).rejects(Object.assign(new Error('User is not authorized to perform: SNS:Publish'), { name: 'AuthorizationErrorException' }));

    // Act
    const run = await runCli(['test-alert', '--topic-arn', TOPIC]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`error: could not publish to ${TOPIC}: User is not authorized to perform: SNS:Publish`);
  });

  it('says nobody will receive it while every subscription is pending, and how to confirm (exit code 1)', async () => {
    // Prepare: two mailboxes that have not opened their confirmation mail yet
    sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [
        { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', TopicArn: TOPIC },
        { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', TopicArn: TOPIC },
      ],
    });

    // Act
    const run = await runCli(['test-alert', '--topic-arn', TOPIC]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      'error: nobody will receive it: 0 confirmed, 2 pending confirmation; each email address got "AWS Notification - Subscription Confirmation"',
    );
    expect(run.stderr).toContain(`aws sns list-subscriptions-by-topic --topic-arn ${TOPIC} shows them`);
  });

  it('reads every page of subscriptions before counting', async () => {
    // Prepare
    sns
      .on(ListSubscriptionsByTopicCommand)
      .resolvesOnce({ Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email' }], NextToken: 'page-2' })
      .resolvesOnce({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:sms-1`, Protocol: 'sms' }] });

    // Act
    const run = await runCli(['test-alert', '--topic-arn', TOPIC]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(sns).toHaveReceivedCommandWith(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC, NextToken: 'page-2' });
    expect(run.stderr).toContain('Subscriptions: 1 confirmed (1 sms), 1 pending confirmation.');
  });

  it('still publishes when the subscriptions may not be listed, saying it could not count them', async () => {
    // Prepare
    sns
      .on(ListSubscriptionsByTopicCommand)
      .rejects(Object.assign(new Error('not authorized to ListSubscriptionsByTopic'), { name: 'AuthorizationErrorException' }));

    // Act
    const run = await runCli(['test-alert', '--topic-arn', TOPIC]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(sns).toHaveReceivedCommand(PublishCommand);
    expect(run.stderr).toContain("Could not count the topic's subscriptions (not authorized to ListSubscriptionsByTopic).");
  });

  it('refuses a topic ARN that is not one (exit code 2)', async () => {
    // Act
    const run = await runCli(['test-alert', '--topic-arn', 'TelnyxCostAlert-AlertTopic']);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('is not an SNS topic ARN');
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });
});
