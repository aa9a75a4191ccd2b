import 'aws-sdk-client-mock-jest';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { PublishError, SnsAlertPublisher } from '../../functions/cost-alert/aws/sns-publisher';
import type { Alert } from '../../functions/cost-alert/domain/types';

const TOPIC = 'arn:aws:sns:eu-central-1:123456789012:telnyx-cost-alert';
const snsMock = mockClient(SNSClient);

const alert: Alert = {
  key: 'messaging#daily#2026-11-26',
  rank: 1_000_000,
  severity: 'critical',
  signal: 'limit',
  product: 'messaging',
  period: 'daily',
  expiresAt: new Date('2026-12-10T00:00:00Z'),
  message: {
    subject: 'CRITICAL: Telnyx messaging spend $51.20 today, limit $50.00',
    default: 'Telnyx messaging spend today is $51.20, over the $50.00 limit.',
    email: 'Telnyx messaging spend today is $51.20, over the $50.00 limit.\n\nChange the limit: /telnyx-cost-alert/thresholds/messaging',
    sms: 'Telnyx CRITICAL: messaging $51.20 today, limit $50.00',
    payload: { product: 'messaging', spendNanos: 51_200_000_000n, currency: 'USD', severity: 'critical' },
  },
};

beforeEach(() => {
  snsMock.reset();
});

describe('SnsAlertPublisher', () => {
  it('publishes one message per protocol with the attributes subscriptions filter on', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const publisher = new SnsAlertPublisher(new SNSClient({}), TOPIC);
    // Act
    await publisher.publish(alert);
    // Assess
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      MessageStructure: 'json',
      Subject: alert.message.subject,
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'critical' },
        signal: { DataType: 'String', StringValue: 'limit' },
        product: { DataType: 'String', StringValue: 'messaging' },
        period: { DataType: 'String', StringValue: 'daily' },
      },
    });
  });

  it('renders the message as JSON whose every protocol value is a string', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({});
    // Act
    await new SnsAlertPublisher(new SNSClient({}), TOPIC).publish(alert);
    // Assess
    const message = snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '';
    const perProtocol = JSON.parse(message) as Record<string, unknown>;
    expect(Object.keys(perProtocol).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sms', 'sqs']);
    for (const value of Object.values(perProtocol)) expect(typeof value).toBe('string');
    expect(perProtocol).toMatchObject({
      default: alert.message.default,
      email: alert.message.email,
      sms: alert.message.sms,
    });
    // Machines get the payload, bigints as exact digits, plus what a relay needs to deliver it alone.
    const machinePayload = {
      product: 'messaging',
      spendNanos: '51200000000',
      currency: 'USD',
      severity: 'critical',
      signal: 'limit',
      period: 'daily',
      alertKey: alert.key,
      subject: alert.message.subject,
      summary: 'Telnyx messaging spend today is $51.20, over the $50.00 limit.',
      sms: alert.message.sms,
    };
    for (const protocol of ['sqs', 'lambda']) {
      expect(JSON.parse(perProtocol[protocol] as string)).toEqual(machinePayload);
    }
  });

  it('gives https subscribers (AWS Chatbot) a custom notification threaded by the alert key', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({});
    // Act
    await new SnsAlertPublisher(new SNSClient({}), TOPIC).publish(alert);
    // Assess
    const perProtocol = JSON.parse(snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '') as Record<string, string>;
    expect(JSON.parse(perProtocol['https'] ?? '')).toMatchObject({
      version: '1.0',
      source: 'custom',
      id: `${alert.key}#${alert.rank}`,
      content: { textType: 'client-markdown', title: alert.message.subject },
      metadata: { threadId: alert.key, eventType: 'telnyx-cost-alert.limit' },
    });
  });

  it('sends no period attribute for an alert without a period', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({});
    const { period: _period, ...withoutPeriod } = alert;
    const errorAlert: Alert = { ...withoutPeriod, severity: 'error', signal: 'error', product: 'all' };
    // Act
    await new SnsAlertPublisher(new SNSClient({}), TOPIC).publish(errorAlert);
    // Assess
    const input = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'error' },
      signal: { DataType: 'String', StringValue: 'error' },
      product: { DataType: 'String', StringValue: 'all' },
    });
  });

  it('wraps a failure in a PublishError naming the topic and the missing grant, with the cause', async () => {
    // Prepare
    const denied = Object.assign(new Error('not authorized to perform SNS:Publish'), { name: 'AuthorizationErrorException' });
    snsMock.on(PublishCommand).rejects(denied);
    // Act
    const publishing = new SnsAlertPublisher(new SNSClient({}), TOPIC).publish(alert);
    // Assess
    await expect(publishing).rejects.toThrow(PublishError);
    await expect(publishing).rejects.toMatchObject({
      name: 'PublishError',
      message: `could not publish the critical alert messaging#daily#2026-11-26 to ${TOPIC}: grant sns:Publish on the topic`,
      cause: denied,
    });
  });
});
